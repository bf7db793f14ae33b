/// Unsigned LEB128 varints, as multiformats and CAR use them (at most 9 bytes, minimal).
public enum Varint {
    /// The encoding of `value`.
    public static func encode(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        repeat {
            var byte = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { byte |= 0x80 }
            out.append(byte)
        } while v != 0
        return out
    }

    /// Reads a minimal varint from `bytes` at `offset`, advancing it.
    public static func read(_ bytes: [UInt8], at offset: inout Int) throws(CARError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        let start = offset
        while true {
            guard offset < bytes.count else { throw .malformed("a varint runs past the end at byte \(start)") }
            let byte = bytes[offset]
            offset += 1
            guard shift < 63 || (shift == 63 && byte <= 1) else {
                throw .malformed("a varint overflows 64 bits at byte \(start)")
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                guard byte != 0 || offset - start == 1 else { throw .malformed("a varint is not minimal at byte \(start)") }
                return value
            }
            shift += 7
        }
    }
}
