import BPIHash

extension DAObject {
    /// How many shards the object has: `n` per chunk.
    public var shardCount: UInt64 { chunkCount * n }

    /// Why `bytes` are not shard `header.shardIndex` of chunk `header.chunkIndex` of this object, or
    /// nil when they are (docs/SPEC.md §15.2): the bytes hash to the header's content hash, the
    /// header names this object and its parameters and sits at its own leaf position, and the
    /// Merkle path leads from the header to `shardRoot`. Needs nothing but the object (its root).
    public func refusal(shard bytes: [UInt8], header: ShardHeader, proof: MerkleProof) -> String? {
        guard header.objectID == id else { return "the header names another object" }
        guard header.k == k, header.n == n else { return "the header's k, n are not the object's" }
        guard header.chunkIndex < chunkCount, header.shardIndex < n else {
            return "the object has no shard \(header.shardIndex) of chunk \(header.chunkIndex)"
        }
        guard header.size == shardSize(chunk: header.chunkIndex) else {
            return "the header's size is not the chunk's shard size"
        }
        guard UInt64(bytes.count) == header.size, ShardHeader.contentHash(bytes) == header.contentHash else {
            return "the shard's bytes do not hash to the header's contentHash"
        }
        guard proof.index == header.leafIndex, proof.count == shardCount else {
            return "the proof is not for this shard's position"
        }
        guard proof.verify(leafHash: header.leafHash, root: shardRoot) else {
            return "the Merkle path does not lead to shardRoot"
        }
        return nil
    }
}
