/// Lower-case hexadecimal, the textual form of bytes on the command line and in JSON.
public enum Hex {
    /// Why a string is not hex.
    public enum DecodingError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The string has an odd number of digits.
        case oddLength(Int)
        /// A character is not a hex digit.
        case invalidCharacter(offset: Int)

        /// A message a user can act on.
        public var description: String {
            switch self {
            case .oddLength(let n): return "hex string has an odd number of digits (\(n))"
            case .invalidCharacter(let o): return "invalid hex digit at position \(o)"
            }
        }
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hex of `bytes`. Contiguous bytes (arrays, slices, buffers) take the unspecialized-
    /// safe fast path: one pass writing straight into the string's storage.
    public static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        if let fast = bytes.withContiguousStorageIfAvailable({ encode(UnsafeRawBufferPointer($0)) }) { return fast }
        return encode(Array(bytes))
    }

    /// Lower-case hex of the bytes in `buffer`.
    public static func encode(_ buffer: UnsafeRawBufferPointer) -> String {
        guard buffer.count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: buffer.count * 2) { out in
            digits.withUnsafeBufferPointer { d in
                for (i, b) in buffer.enumerated() {
                    out[2 * i] = d[Int(b >> 4)]
                    out[2 * i + 1] = d[Int(b & 0x0F)]
                }
            }
            return buffer.count * 2
        }
    }

    /// Bytes of a hex string (either case; an optional `0x` prefix is allowed).
    public static func decode(_ text: some StringProtocol) throws(DecodingError) -> [UInt8] {
        var utf8 = Array(text.utf8)
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "x") {
            utf8.removeFirst(2)
        }
        guard utf8.count % 2 == 0 else { throw .oddLength(utf8.count) }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let hi = nibble(utf8[i]) else { throw .invalidCharacter(offset: i) }
            guard let lo = nibble(utf8[i + 1]) else { throw .invalidCharacter(offset: i + 1) }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
