/// Why a Merkle proof could not be made or checked.
public enum MerkleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The index is not below the leaf count.
    case indexOutOfRange(index: UInt64, count: UInt64)
    /// The proof holds a different number of siblings than its index and count require.
    case wrongSiblingCount(expected: Int, found: Int)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .indexOutOfRange(let i, let n): return "leaf index \(i) is out of range for \(n) leaves"
        case .wrongSiblingCount(let e, let f): return "proof has \(f) siblings; index and count require \(e)"
        }
    }
}
