import BPIHash
import BPITypes

/// What `bpi da encode` writes beside the shard files (docs/SPEC.md §15.1–15.2): the object's
/// size, BLAKE3 hash, id and shard root, the coding parameters, and for each chunk its length and
/// each shard's content hash (`H(0x51 ‖ shard)`), so a reader rebuilds the object from whichever
/// shards survive, ignores any that fail their hash, and can prove any shard against the root.
public struct CodedObjectManifest: Codable, Sendable, Equatable {
    /// One chunk: its length and its shards' hashes (hex).
    public struct Chunk: Codable, Sendable, Equatable {
        public var index: Int
        public var length: Int
        public var shardSize: Int
        public var shards: [String]
    }

    public var version: Int
    public var k: Int
    public var n: Int
    public var chunkSize: Int
    /// The object's size in bytes.
    public var size: Int
    /// BLAKE3 of the object, hex.
    public var objectHash: String
    /// The object's id (`DAObject.id`), hex.
    public var objectID: String
    /// The Merkle root of the shard headers, hex.
    public var shardRoot: String
    public var chunks: [Chunk]

    /// The manifest of an object coded as `chunks`, whose shard tree is `tree`.
    public init(tree: ShardTree, parameters: CodingParameters, chunks coded: [CodedChunk]) {
        version = 1
        k = parameters.k
        n = parameters.n
        chunkSize = parameters.chunkSize
        size = Int(tree.object.size)
        objectHash = tree.object.objectHash.hex
        objectID = tree.object.id.hex
        shardRoot = tree.object.shardRoot.hex
        chunks = coded.map { c in
            Chunk(
                index: c.index, length: c.length, shardSize: c.shards.first?.count ?? 0,
                shards: tree.headers[(c.index * parameters.n)..<((c.index + 1) * parameters.n)].map(\.contentHash.hex))
        }
    }

    /// Largest object a manifest describes (1 TiB).
    public static let maxObjectBytes = 1 << 40

    /// The coding parameters.
    public var parameters: CodingParameters { CodingParameters(k: k, n: n, chunkSize: chunkSize) }

    /// The file name of shard `shard` of chunk `chunk`.
    public static func shardFile(chunk: Int, shard: Int) -> String { "chunk-\(chunk)-shard-\(shard).bin" }

    /// Refuses a manifest whose numbers do not add up.
    public func check() throws(ErasureError) {
        guard version == 1 else { throw .badShards("manifest version \(version) is not 1") }
        try parameters.check()
        guard (0...Self.maxObjectBytes).contains(size), chunks.count == (size + chunkSize - 1) / chunkSize else {
            throw .badShards("the manifest's chunks do not cover its \(size) bytes")
        }
        for (i, c) in chunks.enumerated() {
            let expected = min(chunkSize, size - i * chunkSize)
            guard c.index == i, c.length == expected, c.shardSize == parameters.shardSize(chunkLength: expected),
                c.shards.count == n, c.shards.allSatisfy({ Hash32(hex: $0) != nil })
            else { throw .badShards("chunk \(i) of the manifest is inconsistent") }
        }
        _ = try tree()
    }

    /// The shard tree the manifest records, checked against its objectID and shardRoot.
    public func tree() throws(ErasureError) -> ShardTree {
        guard let hash = Hash32(hex: objectHash) else { throw .badShards("objectHash is not 64 hex digits") }
        let tree = try ShardTree(
            parameters: parameters, size: size, objectHash: hash,
            contentHashes: chunks.map { $0.shards.compactMap { Hash32(hex: $0) } }, shardSizes: chunks.map(\.shardSize))
        guard tree.object.id.hex == objectID, tree.object.shardRoot.hex == shardRoot else {
            throw .badShards("the manifest's objectID or shardRoot is not the one its shards give")
        }
        return tree
    }
}
