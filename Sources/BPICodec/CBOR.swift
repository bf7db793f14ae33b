/// A CBOR data item restricted to the deterministic subset the protocol uses
/// (RFC 8949 §4.2.1): integers, byte and text strings, arrays, maps, booleans and null.
///
/// Floats, tags, `undefined` and other simple values are not representable, so every value of
/// this type has exactly one canonical encoding (see `CBOREncoder`).
public enum CBOR: Hashable, Sendable {
    /// Major type 0: an integer in `0...UInt64.max`.
    case unsigned(UInt64)
    /// Major type 1: the integer `-1 - n`, so `.negative(0)` is -1 and `.negative(UInt64.max)` is -2^64.
    case negative(UInt64)
    /// Major type 2: a byte string.
    case bytes([UInt8])
    /// Major type 3: a UTF-8 text string.
    case text(String)
    /// Major type 4: an array.
    case array([CBOR])
    /// Major type 5: a map. The encoder sorts entries by encoded key bytes and the decoder returns
    /// them in that order. `==` compares entries in order, so compare canonical bytes when two
    /// maps may list the same entries differently.
    case map([CBORMapEntry])
    /// Simple values 20 and 21.
    case bool(Bool)
    /// Simple value 22.
    case null

    /// A signed integer as CBOR (major type 0 for non-negative, 1 for negative).
    public static func int(_ value: Int64) -> CBOR {
        value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-(value + 1)))
    }

    /// A short name of the item's kind, used in error messages.
    public var kindName: String {
        switch self {
        case .unsigned: return "unsigned integer"
        case .negative: return "negative integer"
        case .bytes: return "byte string"
        case .text: return "text string"
        case .array: return "array"
        case .map: return "map"
        case .bool: return "boolean"
        case .null: return "null"
        }
    }
}

/// One key/value pair of a CBOR map.
public struct CBORMapEntry: Hashable, Sendable {
    /// The entry's key; any CBOR item, compared by its canonical encoding.
    public var key: CBOR
    /// The entry's value.
    public var value: CBOR

    /// Creates an entry.
    public init(_ key: CBOR, _ value: CBOR) {
        self.key = key
        self.value = value
    }
}
