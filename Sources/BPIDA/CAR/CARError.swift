/// Why a CAR file, a CID or a DAG-CBOR node is refused.
public enum CARError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Bytes that are not the format.
    case malformed(String)
    /// A block whose bytes do not hash to its CID.
    case badBlock(String)
    /// A well-formed file that is not a coded object (a missing block, a shard that does not check).
    case notAnObject(String)

    public var description: String {
        switch self {
        case .malformed(let why): return "malformed CAR: \(why)"
        case .badBlock(let why): return "bad block: \(why)"
        case .notAnObject(let why): return "not a coded object: \(why)"
        }
    }
}
