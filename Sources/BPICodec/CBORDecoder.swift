/// A strict decoder that accepts exactly the canonical encodings `CBOREncoder` produces,
/// so `encode(decode(x)) == x` for every accepted `x`. Everything else is a `CBORError`
/// naming the offset of the offending item.
public struct CBORDecoder: Sendable {
    /// The bounds applied while decoding.
    public var limits: CBORDecodingLimits

    /// Creates a decoder with the given limits.
    public init(limits: CBORDecodingLimits = .standard) {
        self.limits = limits
    }

    /// Decodes exactly one canonical item that spans all of `bytes`.
    public func decode(_ bytes: [UInt8]) throws(CBORError) -> CBOR {
        var cursor = Cursor(bytes: bytes, limits: limits)
        let value = try cursor.item(depth: 0)
        if cursor.offset != bytes.count { throw .trailingBytes(offset: cursor.offset) }
        return value
    }

    /// Convenience: decodes with the standard limits.
    public static func decode(_ bytes: [UInt8]) throws(CBORError) -> CBOR {
        try CBORDecoder().decode(bytes)
    }

    private struct Cursor {
        let bytes: [UInt8]
        let limits: CBORDecodingLimits
        var offset = 0

        init(bytes: [UInt8], limits: CBORDecodingLimits) {
            self.bytes = bytes
            self.limits = limits
        }

        mutating func byte(itemStart: Int) throws(CBORError) -> UInt8 {
            guard offset < bytes.count else { throw .unexpectedEnd(offset: itemStart) }
            defer { offset += 1 }
            return bytes[offset]
        }

        /// Reads the argument that follows an initial byte, enforcing the shortest form.
        mutating func argument(info: UInt8, itemStart: Int) throws(CBORError) -> UInt64 {
            let width: Int
            switch info {
            case 0..<24: return UInt64(info)
            case 24: width = 1
            case 25: width = 2
            case 26: width = 4
            case 27: width = 8
            case 31: throw .indefiniteLength(offset: itemStart)
            default: throw .reservedAdditionalInfo(offset: itemStart, info: info)
            }
            guard bytes.count - offset >= width else { throw .unexpectedEnd(offset: itemStart) }
            var value: UInt64 = 0
            for i in 0..<width { value = value << 8 | UInt64(bytes[offset + i]) }
            offset += width
            let minimum: UInt64 = width == 1 ? 24 : 1 << UInt64(4 * width)  // 24, 2^8, 2^16, 2^32
            if value < minimum { throw .nonShortestForm(offset: itemStart) }
            return value
        }

        mutating func length(_ n: UInt64, itemStart: Int) throws(CBORError) -> Int {
            guard n <= UInt64(limits.maxLength) else {
                throw .lengthExceeded(offset: itemStart, length: n, limit: limits.maxLength)
            }
            return Int(n)
        }

        mutating func take(_ n: Int, itemStart: Int) throws(CBORError) -> ArraySlice<UInt8> {
            guard bytes.count - offset >= n else { throw .unexpectedEnd(offset: itemStart) }
            defer { offset += n }
            return bytes[offset..<offset + n]
        }

        mutating func item(depth: Int) throws(CBORError) -> CBOR {
            let start = offset
            let initial = try byte(itemStart: start)
            let major = initial >> 5
            let info = initial & 0x1F
            if major == 7 {
                switch info {
                case 20: return .bool(false)
                case 21: return .bool(true)
                case 22: return .null
                case 25, 26, 27: throw .floatNotAllowed(offset: start)
                case 24:
                    let v = try byte(itemStart: start)
                    throw v < 32 ? .nonShortestForm(offset: start) : .simpleValueNotAllowed(offset: start, value: UInt64(v))
                case 31: throw .indefiniteLength(offset: start)
                case 28, 29, 30: throw .reservedAdditionalInfo(offset: start, info: info)
                default: throw .simpleValueNotAllowed(offset: start, value: UInt64(info))
                }
            }
            let arg = try argument(info: info, itemStart: start)
            switch major {
            case 0: return .unsigned(arg)
            case 1: return .negative(arg)
            case 2:
                let n = try length(arg, itemStart: start)
                return .bytes(Array(try take(n, itemStart: start)))
            case 3:
                let n = try length(arg, itemStart: start)
                let raw = try take(n, itemStart: start)
                guard let s = String(validating: raw, as: UTF8.self) else { throw .invalidUTF8(offset: start) }
                return .text(s)
            case 4:
                guard depth < limits.maxDepth else { throw .depthExceeded(offset: start, limit: limits.maxDepth) }
                let n = try length(arg, itemStart: start)
                var items: [CBOR] = []
                items.reserveCapacity(Swift.min(n, bytes.count - offset))
                for _ in 0..<n { items.append(try item(depth: depth + 1)) }
                return .array(items)
            case 5:
                guard depth < limits.maxDepth else { throw .depthExceeded(offset: start, limit: limits.maxDepth) }
                let n = try length(arg, itemStart: start)
                var entries: [CBORMapEntry] = []
                entries.reserveCapacity(Swift.min(n, (bytes.count - offset) / 2))
                var previousKey: ArraySlice<UInt8> = []
                for i in 0..<n {
                    let keyStart = offset
                    let key = try item(depth: depth + 1)
                    let keyBytes = bytes[keyStart..<offset]
                    if i > 0 {
                        if keyBytes == previousKey { throw .duplicateMapKey(offset: keyStart) }
                        if !previousKey.lexicographicallyPrecedes(keyBytes) { throw .unsortedMapKeys(offset: keyStart) }
                    }
                    previousKey = keyBytes
                    entries.append(CBORMapEntry(key, try item(depth: depth + 1)))
                }
                return .map(entries)
            default:  // 6: tags
                throw .tagNotAllowed(offset: start, tag: arg)
            }
        }
    }
}
