import BPIHash
import BPITypes

/// Whether a data-availability object, and one of its shards, is committed by a header
/// (docs/SPEC.md §15.3): shard bytes → contentHash → shard header → Merkle path → the object's
/// `shardRoot`; the object's canonical bytes → Merkle path → the header's `daRoot`. Check it
/// against a header this light client verified.
public enum DAInclusion {
    /// Why an object or a shard is not shown to be committed.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Throws unless `proof` takes `object` (its canonical bytes, the leaf) to `header.daRoot`.
    public static func check(_ object: DAObject, proof: MerkleProof, header: Header) throws(Failure) {
        guard proof.count >= 1, proof.index < proof.count else {
            throw Failure(description: "the object proof's index \(proof.index) is not below its count \(proof.count)")
        }
        guard proof.verify(leaf: object.canonicalBytes(), root: header.daRoot) else {
            throw Failure(
                description: "object \(object.id) with this proof does not hash to the da_root of height \(header.height)")
        }
    }

    /// Throws unless `bytes` are the shard `shardHeader` names of `object`, by `shardProof`, and
    /// `objectProof` takes `object` to `header.daRoot`.
    public static func check(
        shard bytes: [UInt8], shardHeader: ShardHeader, shardProof: MerkleProof, object: DAObject, objectProof: MerkleProof,
        header: Header
    ) throws(Failure) {
        if let why = object.refusal(shard: bytes, header: shardHeader, proof: shardProof) {
            throw Failure(description: "shard \(shardHeader.chunkIndex)/\(shardHeader.shardIndex): \(why)")
        }
        try check(object, proof: objectProof, header: header)
    }
}
