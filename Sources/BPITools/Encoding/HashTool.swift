import BPICodec
import BPIHash
import BPIToolKit

/// `bpi hash`: the digest of a file or of standard input, optionally domain-separated.
public enum HashTool {
    /// Parses a tag written `0xNN` (or `NN`) in hex.
    public static func parseTag(_ text: String) throws(ToolError) -> DomainTag {
        guard let bytes = try? Hex.decode(text), bytes.count == 1 else {
            throw .badInput("tag must be one byte in hex, like 0x12; got \(text)")
        }
        return DomainTag(rawValue: bytes[0])
    }

    /// `H(tag ‖ contents)` (or `H(contents)` without a tag) of `path`, or of stdin when `path` is nil.
    public static func digest(_ algorithm: HashAlgorithm, tag: DomainTag?, path: String?) throws(ToolError) -> Hash32 {
        var hash = StreamingHash(algorithm)
        if let tag { hash.update([tag.rawValue]) }
        try InputReader.forEachChunk(path: path) { hash.update($0) }
        return hash.finalize()
    }
}
