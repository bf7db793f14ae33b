import Crypto

/// `expand_message_xmd` with SHA-256 (RFC 9380 §5.3.1): stretches a message into uniform bytes
/// under a domain-separation tag.
public enum ExpandMessageXMD {
    /// `length` uniform bytes for `message` under `dst` (a DST over 255 bytes is first hashed,
    /// §5.3.3).
    public static func expand(_ message: [UInt8], dst: [UInt8], length: Int) throws(BLSError) -> [UInt8] {
        let ell = (length + 31) / 32
        guard ell <= 255, length <= 65_535 else { throw .expandLengthTooLarge(length) }
        var tag = dst
        if tag.count > 255 { tag = sha256(Array("H2C-OVERSIZE-DST-".utf8) + dst) }
        let dstPrime = tag + [UInt8(tag.count)]
        let msgPrime = [UInt8](repeating: 0, count: 64) + message + [UInt8(length >> 8), UInt8(length & 0xFF), 0] + dstPrime
        let b0 = sha256(msgPrime)
        var bi = sha256(b0 + [1] + dstPrime)
        var out = bi
        if ell > 1 {
            for i in 2...ell {
                bi = sha256(zip(b0, bi).map { $0 ^ $1 } + [UInt8(i)] + dstPrime)
                out += bi
            }
        }
        return Array(out.prefix(length))
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }
}
