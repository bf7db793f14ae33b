/// Why bytes are not one canonical RLP item (docs/SPEC.md §18.2).
public enum RLPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended inside an item.
    case truncated
    /// Bytes follow the item.
    case trailingBytes(Int)
    /// A length or a single byte is not in its shortest form.
    case nonCanonical(String)
    /// Lists nest deeper than the decoder allows.
    case tooDeep
    /// The item is not what the reader expected (a list for a string, a too-long integer, …).
    case schema(String)

    public var description: String {
        switch self {
        case .truncated: return "RLP: the input ends inside an item"
        case .trailingBytes(let n): return "RLP: \(n) byte(s) follow the item"
        case .nonCanonical(let why): return "RLP: not canonical: \(why)"
        case .tooDeep: return "RLP: lists nest deeper than \(RLPItem.maxDepth)"
        case .schema(let why): return "RLP: \(why)"
        }
    }
}
