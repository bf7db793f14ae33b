/// A Merkle tree kept whole, so many proofs can be cut from one build.
public struct MerkleTree: Sendable {
    /// Every level, leaf hashes first; the last level holds the single top node (empty tree: no levels).
    public let levels: [[Hash32]]

    /// Builds the tree over `leaves`.
    public init(leaves: [[UInt8]]) {
        self.init(leafHashes: Merkle.leafHashes(leaves))
    }

    /// Builds the tree over already-hashed leaves.
    public init(leafHashes: [Hash32]) {
        var levels: [[Hash32]] = leafHashes.isEmpty ? [] : [leafHashes]
        while let last = levels.last, last.count > 1 { levels.append(Merkle.parents(of: last)) }
        self.levels = levels
    }

    /// Number of leaves.
    public var count: Int { levels.first?.count ?? 0 }

    /// The count-bound root.
    public var root: Hash32 { Merkle.boundRoot(top: levels.last?.first ?? .zero, count: UInt64(count)) }

    /// The inclusion proof of leaf `index`.
    public func proof(index: Int) throws(MerkleError) -> MerkleProof {
        guard index >= 0 && index < count else { throw .indexOutOfRange(index: UInt64(max(index, 0)), count: UInt64(count)) }
        var siblings: [Hash32] = []
        var position = index
        for (level, step) in zip(levels, MerklePathStep.path(index: UInt64(index), count: UInt64(count))) {
            switch step {
            case .siblingOnLeft: siblings.append(level[position - 1])
            case .siblingOnRight: siblings.append(level[position + 1])
            case .pairedWithSelf: break
            }
            position /= 2
        }
        return MerkleProof(index: UInt64(index), count: UInt64(count), siblings: siblings)
    }
}
