import BPICodec
import BPIHash

/// What one shard is (docs/SPEC.md §15.2): `[1, objectID, chunkIndex, shardIndex, k, n, size,
/// contentHash]`, `contentHash = H(0x51 ‖ shard bytes)`. An object's headers, chunk by chunk and
/// shard by shard, are the leaves of its `shardRoot`, so a shard is checked by: bytes → contentHash
/// → header → Merkle path → `shardRoot` of the object.
public struct ShardHeader: Sendable, Equatable, Hashable {
    public var version: UInt64 = 1
    public var objectID: Hash32
    public var chunkIndex: UInt64
    public var shardIndex: UInt64
    public var k: UInt64
    public var n: UInt64
    /// The shard's size in bytes.
    public var size: UInt64
    public var contentHash: Hash32

    public init(
        objectID: Hash32, chunkIndex: UInt64, shardIndex: UInt64, k: UInt64, n: UInt64, size: UInt64, contentHash: Hash32
    ) {
        self.objectID = objectID
        self.chunkIndex = chunkIndex
        self.shardIndex = shardIndex
        self.k = k
        self.n = n
        self.size = size
        self.contentHash = contentHash
    }

    /// The header of `shard` of `object`.
    public init(object: DAObject, chunk: UInt64, shard index: UInt64, bytes: [UInt8]) {
        self.init(
            objectID: object.id, chunkIndex: chunk, shardIndex: index, k: object.k, n: object.n, size: UInt64(bytes.count),
            contentHash: Self.contentHash(bytes))
    }

    /// `H(0x51 ‖ bytes)`.
    public static func contentHash(_ bytes: [UInt8]) -> Hash32 { HashAlgorithm.blake3.hash(bytes, tag: .daShard) }

    /// The header's position among its object's leaves.
    public var leafIndex: UInt64 { chunkIndex * n + shardIndex }

    /// The header's Merkle leaf hash.
    public var leafHash: Hash32 { Merkle.leafHash(canonicalBytes()) }
}

extension ShardHeader: CBORCodable {
    public var cborFields: [CBOR] {
        [
            .unsigned(version), .bytes(objectID.bytes), .unsigned(chunkIndex), .unsigned(shardIndex), .unsigned(k), .unsigned(n),
            .unsigned(size), .bytes(contentHash.bytes),
        ]
    }

    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("ShardHeader.version: 1") }
        objectID = Hash32(try f.nextBytes("objectID", count: 32))!
        chunkIndex = try f.nextUInt("chunkIndex")
        shardIndex = try f.nextUInt("shardIndex")
        k = try f.nextUInt("k")
        n = try f.nextUInt("n")
        guard k >= 1, n > k, n <= DAObject.maxShards, shardIndex < n else {
            throw .schema("ShardHeader: 1 ≤ k < n ≤ \(DAObject.maxShards) and shardIndex < n")
        }
        size = try f.nextUInt("size")
        contentHash = Hash32(try f.nextBytes("contentHash", count: 32))!
    }
}
