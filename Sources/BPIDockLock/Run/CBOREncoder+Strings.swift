import BPICodec

extension CBOREncoder {
    /// The canonical encoding of an array of text strings (always encodable).
    static func encodeStrings(_ strings: [String]) -> [UInt8] {
        (try? encode(.array(strings.map { .text($0) }))) ?? []
    }
}
