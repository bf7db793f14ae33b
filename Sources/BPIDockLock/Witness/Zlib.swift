import CZlib

/// zlib (RFC 1950) through the system library (Debian zlib1g-dev): the witness log's compression.
enum Zlib {
    /// `bytes` compressed at level 9.
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var bound = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(bound))
        let status = out.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress, &bound, src.baseAddress, uLong(bytes.count), 9)
            }
        }
        // compress2 fails only for lack of memory or a too-small buffer, and the bound is exact.
        precondition(status == Z_OK, "zlib compress2 failed: \(status)")
        return Array(out.prefix(Int(bound)))
    }

    /// `bytes` decompressed, which must give exactly `length` bytes; nil when they do not.
    static func decompress(_ bytes: [UInt8], length: Int) -> [UInt8]? {
        guard length > 0 else { return nil }
        var size = uLong(length)
        var out = [UInt8](repeating: 0, count: length)
        let status = out.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                uncompress(dst.baseAddress, &size, src.baseAddress, uLong(bytes.count))
            }
        }
        guard status == Z_OK, size == uLong(length) else { return nil }
        return out
    }
}
