import BPICodec
import BPIHash
import BPITypes
import Foundation

/// What `GET /v1/da/shards/{objectID}/{chunk}/{shard}` answers (docs/SPEC.md §15.5): the shard's
/// bytes (base64), its header (canonical CBOR, hex) and its Merkle path to the object's shard root
/// — what a sampler checks against the object committed under a header's `daRoot`.
public struct ShardView: Codable, Sendable, Equatable {
    public var objectID: String
    public var chunk: Int
    public var shard: Int
    /// The canonical `ShardHeader`, hex.
    public var header: String
    public var index: Int
    public var count: Int
    public var siblings: [String]
    public var shardRoot: String
    /// The shard's bytes, base64.
    public var bytes: String

    public init(objectID: String, bytes: [UInt8], header: ShardHeader, proof: MerkleProof, shardRoot: Hash32) {
        self.objectID = objectID
        chunk = Int(header.chunkIndex)
        shard = Int(header.shardIndex)
        self.header = Hex.encode(header.canonicalBytes())
        index = Int(proof.index)
        count = Int(proof.count)
        siblings = proof.siblings.map(\.hex)
        self.shardRoot = shardRoot.hex
        self.bytes = Data(bytes).base64EncodedString()
    }

    /// The path that answers it: `/v1/da/shards/{objectID}/{chunk}/{shard}`.
    public static func path(objectID: String, chunk: UInt64, shard: UInt64) -> String {
        "/v1/da/shards/\(objectID.lowercased())/\(chunk)/\(shard)"
    }

    /// The bytes, header and proof, decoded (not yet checked: `DAObject.refusal` does that).
    public func parts() throws(PinnerError) -> (bytes: [UInt8], header: ShardHeader, proof: MerkleProof) {
        guard let data = Data(base64Encoded: bytes) else { throw .badInput("the shard's bytes are not base64") }
        let decoded: ShardHeader
        do {
            decoded = try ShardHeader(canonicalBytes: try Hex.decode(header))
        } catch {
            throw .badInput("the shard header is not canonical: \(error)")
        }
        var hashes: [Hash32] = []
        for s in siblings {
            guard let h = Hash32(hex: s) else { throw .badInput("a sibling is not 64 hex digits") }
            hashes.append(h)
        }
        guard index >= 0, count >= 1 else { throw .badInput("index must be ≥ 0 and count ≥ 1") }
        return ([UInt8](data), decoded, MerkleProof(index: UInt64(index), count: UInt64(count), siblings: hashes))
    }
}
