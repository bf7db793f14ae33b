/// One Recursive Length Prefix item — a byte string or a list of items — with Ethereum's
/// encoding (Yellow Paper, appendix B) and a strict decoder that takes only the canonical form:
/// a single byte below 0x80 stands for itself, lengths use the short form up to 55 and the long
/// form (no leading zero byte) above, and nothing may follow the item (docs/SPEC.md §18.2).
/// Checked against the `rlp` package from PyPI (`Tests/Oracles/ethereum_oracle.py`).
public enum RLPItem: Sendable, Equatable, Hashable {
    case bytes([UInt8])
    case list([RLPItem])

    /// Deepest list nesting the decoder takes.
    public static let maxDepth = 32

    /// An unsigned integer: big-endian without leading zeros (0 is the empty string).
    public static func uint(_ value: UInt64) -> RLPItem { .bytes(minimalBigEndian(value)) }

    /// An unsigned integer given as big-endian bytes; leading zeros are dropped.
    public static func uint(bigEndian bytes: [UInt8]) -> RLPItem { .bytes(Array(bytes.drop { $0 == 0 })) }

    /// The canonical encoding.
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        encode(into: &out)
        return out
    }

    private func encode(into out: inout [UInt8]) {
        switch self {
        case .bytes(let b):
            if b.count == 1, b[0] < 0x80 {
                out.append(b[0])
            } else {
                Self.appendHeader(length: b.count, shortBase: 0x80, into: &out)
                out += b
            }
        case .list(let items):
            var payload: [UInt8] = []
            for item in items { item.encode(into: &payload) }
            Self.appendHeader(length: payload.count, shortBase: 0xC0, into: &out)
            out += payload
        }
    }

    private static func appendHeader(length: Int, shortBase: UInt8, into out: inout [UInt8]) {
        if length <= 55 {
            out.append(shortBase + UInt8(length))
        } else {
            let lengthBytes = minimalBigEndian(UInt64(length))
            out.append(shortBase + 55 + UInt8(lengthBytes.count))
            out += lengthBytes
        }
    }

    static func minimalBigEndian(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        var v = value
        while v > 0 {
            out.insert(UInt8(truncatingIfNeeded: v), at: 0)
            v >>= 8
        }
        return out
    }

    /// Decodes exactly one canonical item filling `bytes`.
    public init(decoding bytes: [UInt8]) throws(RLPError) {
        var offset = 0
        self = try Self.decode(bytes, at: &offset, end: bytes.count, depth: 0)
        guard offset == bytes.count else { throw .trailingBytes(bytes.count - offset) }
    }

    private static func decode(_ b: [UInt8], at offset: inout Int, end: Int, depth: Int) throws(RLPError) -> RLPItem {
        guard offset < end else { throw .truncated }
        let prefix = b[offset]
        offset += 1
        switch prefix {
        case 0x00...0x7F:
            return .bytes([prefix])
        case 0x80...0xBF:
            let length = try payloadLength(b, prefix: prefix, shortBase: 0x80, at: &offset, end: end)
            let payload = Array(b[offset..<(offset + length)])
            offset += length
            if length == 1, payload[0] < 0x80 { throw .nonCanonical("a byte below 0x80 carries a length prefix") }
            return .bytes(payload)
        default:
            guard depth < maxDepth else { throw .tooDeep }
            let length = try payloadLength(b, prefix: prefix, shortBase: 0xC0, at: &offset, end: end)
            let stop = offset + length
            var items: [RLPItem] = []
            while offset < stop { items.append(try decode(b, at: &offset, end: stop, depth: depth + 1)) }
            return .list(items)
        }
    }

    /// Reads the length after `prefix` (short or long form) and checks the payload fits before `end`.
    private static func payloadLength(
        _ b: [UInt8], prefix: UInt8, shortBase: UInt8, at offset: inout Int, end: Int
    ) throws(RLPError) -> Int {
        let short = Int(prefix - shortBase)
        let length: Int
        if short <= 55 {
            length = short
        } else {
            let count = short - 55
            guard end - offset >= count else { throw .truncated }
            guard b[offset] != 0 else { throw .nonCanonical("a long length starts with a zero byte") }
            guard count <= 4 else { throw .schema("a length of \(count) bytes is beyond this decoder") }
            var value = 0
            for i in 0..<count { value = value << 8 | Int(b[offset + i]) }
            offset += count
            guard value > 55 else { throw .nonCanonical("a length of \(value) uses the long form") }
            length = value
        }
        guard end - offset >= length else { throw .truncated }
        return length
    }

    /// The byte string, or a schema error naming `field`.
    public func bytes(_ field: String) throws(RLPError) -> [UInt8] {
        guard case .bytes(let b) = self else { throw .schema("\(field) is a list, not a string") }
        return b
    }

    /// The list's items, or a schema error naming `field`.
    public func list(_ field: String) throws(RLPError) -> [RLPItem] {
        guard case .list(let items) = self else { throw .schema("\(field) is a string, not a list") }
        return items
    }

    /// An unsigned integer of at most 8 bytes with no leading zero.
    public func uint64(_ field: String) throws(RLPError) -> UInt64 {
        let b = try bytes(field)
        guard b.count <= 8 else { throw .schema("\(field) does not fit 64 bits") }
        guard b.first != 0 else { throw .nonCanonical("\(field) has a leading zero byte") }
        return b.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// An unsigned integer of at most 32 bytes with no leading zero, as 32 big-endian bytes.
    public func uint256(_ field: String) throws(RLPError) -> [UInt8] {
        let b = try bytes(field)
        guard b.count <= 32 else { throw .schema("\(field) does not fit 256 bits") }
        guard b.first != 0 else { throw .nonCanonical("\(field) has a leading zero byte") }
        return [UInt8](repeating: 0, count: 32 - b.count) + b
    }
}
