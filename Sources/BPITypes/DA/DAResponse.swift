import BPICodec
import BPIHash

/// The payload of a da-response frame (docs/SPEC.md §15.8): the storer answers a challenge with
/// the challenged shard's bytes, its shard header and the Merkle path from the header to the
/// object's `shardRoot`, sent back to the challenger. Canonical CBOR
/// `[1, challengeID, shardHeader, shard, proof]`, where `challengeID` is the challenge frame's id.
public struct DAResponse: Sendable, Equatable {
    public var version: UInt64 = 1
    /// The id of the da-challenge frame answered.
    public var challengeID: Hash32
    /// The shard's header.
    public var header: ShardHeader
    /// The shard's bytes.
    public var shard: [UInt8]
    /// The header's path to the object's `shardRoot`.
    public var proof: MerkleProof

    /// Largest shard a response carries (64 KiB): `DACommitRules` refuses objects with larger
    /// shards, so that every committed shard can be answered in one frame.
    public static let maxShardBytes: UInt64 = 64 << 10

    /// A response.
    public init(challengeID: Hash32, header: ShardHeader, shard: [UInt8], proof: MerkleProof) {
        self.challengeID = challengeID
        self.header = header
        self.shard = shard
        self.proof = proof
    }

    /// Why this is not the answer to `challenge` for `object`, or nil: the header sits at the
    /// challenged position, and the bytes, header and path check against the object's root.
    public func refusal(challenge: DAChallenge, object: DAObject) -> String? {
        guard header.chunkIndex == challenge.chunk, header.shardIndex == challenge.shard else {
            return
                "the response carries shard \(header.chunkIndex)/\(header.shardIndex), the challenge names \(challenge.position)"
        }
        return object.refusal(shard: shard, header: header, proof: proof)
    }
}

extension DAResponse: CBORCodable {
    public var cborFields: [CBOR] {
        [.unsigned(version), .bytes(challengeID.bytes), header.cbor, .bytes(shard), proof.cbor]
    }

    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("DAResponse.version: 1") }
        challengeID = Hash32(try f.nextBytes("challengeID", count: 32))!
        header = try f.next("header", as: ShardHeader.self)
        shard = try f.nextBytes("shard")
        guard UInt64(shard.count) <= Self.maxShardBytes else {
            throw .schema("DAResponse.shard: at most \(Self.maxShardBytes) bytes")
        }
        proof = try f.next("proof", as: MerkleProof.self)
    }
}
