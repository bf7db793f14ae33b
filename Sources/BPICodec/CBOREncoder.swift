/// Writes the one canonical encoding of a `CBOR` value (RFC 8949 §4.2.1 core deterministic encoding):
/// shortest heads, definite lengths, map keys sorted bytewise by their encodings.
public enum CBOREncoder {
    /// The canonical bytes of `value`.
    ///
    /// - Throws: `CBORError.duplicateMapKey` when a map holds two keys with the same encoding
    ///   (such a map has no canonical form).
    public static func encode(_ value: CBOR) throws(CBORError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        try append(value, to: &out)
        return out
    }

    /// Appends the canonical encoding of `value` to `out`.
    public static func append(_ value: CBOR, to out: inout [UInt8]) throws(CBORError) {
        switch value {
        case .unsigned(let n): appendHead(major: 0, argument: n, to: &out)
        case .negative(let n): appendHead(major: 1, argument: n, to: &out)
        case .bytes(let b):
            appendHead(major: 2, argument: UInt64(b.count), to: &out)
            out.append(contentsOf: b)
        case .text(let s):
            let utf8 = s.utf8
            appendHead(major: 3, argument: UInt64(utf8.count), to: &out)
            out.append(contentsOf: utf8)
        case .array(let items):
            appendHead(major: 4, argument: UInt64(items.count), to: &out)
            for item in items { try append(item, to: &out) }
        case .map(let entries):
            appendHead(major: 5, argument: UInt64(entries.count), to: &out)
            var encoded: [(key: [UInt8], value: CBOR)] = []
            encoded.reserveCapacity(entries.count)
            for entry in entries { encoded.append((try encode(entry.key), entry.value)) }
            encoded.sort { $0.key.lexicographicallyPrecedes($1.key) }
            for i in encoded.indices {
                if i > 0 && encoded[i - 1].key == encoded[i].key {
                    throw .duplicateMapKey(offset: out.count)
                }
                out.append(contentsOf: encoded[i].key)
                try append(encoded[i].value, to: &out)
            }
        case .bool(let b): out.append(b ? 0xF5 : 0xF4)
        case .null: out.append(0xF6)
        }
    }

    /// Appends an item head in shortest form: the major type and its argument.
    public static func appendHead(major: UInt8, argument: UInt64, to out: inout [UInt8]) {
        let m = major << 5
        switch argument {
        case 0..<24:
            out.append(m | UInt8(argument))
        case 24...0xFF:
            out.append(m | 24)
            out.append(UInt8(argument))
        case 0x100...0xFFFF:
            out.append(m | 25)
            appendBigEndian(argument, bytes: 2, to: &out)
        case 0x1_0000...0xFFFF_FFFF:
            out.append(m | 26)
            appendBigEndian(argument, bytes: 4, to: &out)
        default:
            out.append(m | 27)
            appendBigEndian(argument, bytes: 8, to: &out)
        }
    }

    private static func appendBigEndian(_ v: UInt64, bytes: Int, to out: inout [UInt8]) {
        var shift = (bytes - 1) * 8
        while shift >= 0 {
            out.append(UInt8(truncatingIfNeeded: v >> UInt64(shift)))
            shift -= 8
        }
    }
}
