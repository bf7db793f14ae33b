/// Why a byte string is not an acceptable canonical CBOR item, or why a CBOR item does not match
/// the shape a protocol type expects. Byte-level cases name the offset of the offending item.
public enum CBORError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended inside an item.
    case unexpectedEnd(offset: Int)
    /// An integer, length or count was not in its shortest form (RFC 8949 §4.2.1).
    case nonShortestForm(offset: Int)
    /// Indefinite-length strings, arrays and maps are not canonical.
    case indefiniteLength(offset: Int)
    /// Additional-information values 28–30 are reserved.
    case reservedAdditionalInfo(offset: Int, info: UInt8)
    /// Map keys must be sorted by their encoded bytes.
    case unsortedMapKeys(offset: Int)
    /// A map key appeared twice.
    case duplicateMapKey(offset: Int)
    /// Bytes followed the single top-level item.
    case trailingBytes(offset: Int)
    /// Arrays and maps were nested deeper than the configured limit.
    case depthExceeded(offset: Int, limit: Int)
    /// A string, array or map declared more elements than the configured limit allows.
    case lengthExceeded(offset: Int, length: UInt64, limit: Int)
    /// A text string was not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// Floating-point values are not part of the protocol's encoding.
    case floatNotAllowed(offset: Int)
    /// Tags are not used by any protocol type.
    case tagNotAllowed(offset: Int, tag: UInt64)
    /// Simple values other than false, true and null.
    case simpleValueNotAllowed(offset: Int, value: UInt64)
    /// A decoded item does not have the shape a protocol type requires (field path and reason).
    case schema(String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .unexpectedEnd(let o): return "unexpected end of input at offset \(o)"
        case .nonShortestForm(let o): return "non-shortest integer or length encoding at offset \(o)"
        case .indefiniteLength(let o): return "indefinite-length item at offset \(o) (only definite lengths are canonical)"
        case .reservedAdditionalInfo(let o, let i): return "reserved additional information \(i) at offset \(o)"
        case .unsortedMapKeys(let o): return "map keys not sorted by encoded bytes at offset \(o)"
        case .duplicateMapKey(let o): return "duplicate map key at offset \(o)"
        case .trailingBytes(let o): return "trailing bytes after the item at offset \(o)"
        case .depthExceeded(let o, let l): return "nesting deeper than \(l) at offset \(o)"
        case .lengthExceeded(let o, let n, let l): return "length \(n) exceeds the limit \(l) at offset \(o)"
        case .invalidUTF8(let o): return "invalid UTF-8 in text string at offset \(o)"
        case .floatNotAllowed(let o): return "floating-point value at offset \(o) (floats are not allowed)"
        case .tagNotAllowed(let o, let t): return "tag \(t) at offset \(o) (tags are not allowed)"
        case .simpleValueNotAllowed(let o, let v): return "simple value \(v) at offset \(o) (only false, true, null)"
        case .schema(let why): return why
        }
    }
}
