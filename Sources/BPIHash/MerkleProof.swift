import BPICodec

/// An inclusion proof: the leaf's index, the tree's leaf count and the sibling hashes from the
/// leaf level up. Siblings that would be a copy of the node itself (odd last node) are omitted,
/// since `(index, count)` already says where they occur.
public struct MerkleProof: Sendable, Equatable, Hashable {
    /// Position of the proved leaf.
    public var index: UInt64
    /// Number of leaves in the tree (bound into the root).
    public var count: UInt64
    /// Sibling hashes, leaf level first.
    public var siblings: [Hash32]

    /// Creates a proof.
    public init(index: UInt64, count: UInt64, siblings: [Hash32]) {
        self.index = index
        self.count = count
        self.siblings = siblings
    }

    /// The count-bound root this proof yields for a leaf already hashed with `Merkle.leafHash`.
    public func root(forLeafHash leafHash: Hash32) throws(MerkleError) -> Hash32 {
        guard index < count else { throw .indexOutOfRange(index: index, count: count) }
        let path = MerklePathStep.path(index: index, count: count)
        let needed = path.count { $0 != .pairedWithSelf }
        guard needed == siblings.count else { throw .wrongSiblingCount(expected: needed, found: siblings.count) }
        var node = leafHash
        var next = siblings.makeIterator()
        for step in path {
            switch step {
            case .siblingOnLeft: node = Merkle.nodeHash(next.next()!, node)
            case .siblingOnRight: node = Merkle.nodeHash(node, next.next()!)
            case .pairedWithSelf: node = Merkle.nodeHash(node, node)
            }
        }
        return Merkle.boundRoot(top: node, count: count)
    }

    /// Whether this proof shows `leaf` at `index` in the tree with root `root`.
    public func verify(leaf: [UInt8], root: Hash32) -> Bool {
        verify(leafHash: Merkle.leafHash(leaf), root: root)
    }

    /// Whether this proof shows the leaf with hash `leafHash` in the tree with root `root`.
    public func verify(leafHash: Hash32, root expected: Hash32) -> Bool {
        guard let computed = try? root(forLeafHash: leafHash) else { return false }
        return computed == expected
    }
}

extension MerkleProof: CBORCodable {
    /// `[index, count, [sibling₀, sibling₁, …]]` with each sibling a 32-byte string.
    public var cborFields: [CBOR] {
        [.unsigned(index), .unsigned(count), .array(siblings.map { .bytes($0.bytes) })]
    }

    /// Decodes `[index, count, [siblings…]]`; at most 64 siblings (a tree of 2^64 leaves).
    public init(cborFields fields: inout CBORFieldReader) throws(CBORError) {
        index = try fields.nextUInt("index")
        count = try fields.nextUInt("count")
        let items = try fields.nextArrayItems("siblings", maxCount: 64)
        var siblings: [Hash32] = []
        for (i, item) in items.enumerated() {
            guard case .bytes(let b) = item, let h = Hash32(b) else {
                throw .schema("MerkleProof.siblings[\(i)]: expected a 32-byte string")
            }
            siblings.append(h)
        }
        self.siblings = siblings
    }
}
