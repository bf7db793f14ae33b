import BPIHash

/// What `bpi da encode` writes beside the shard files (docs/SPEC.md §15.1): the object's size and
/// BLAKE3 hash, the coding parameters, and for each chunk its length and each shard's BLAKE3 hash,
/// so a reader rebuilds the object from whichever shards survive and ignores any that fail their
/// hash.
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
    public var chunks: [Chunk]

    /// The manifest of `object` coded as `chunks`.
    public init(object: [UInt8], parameters: CodingParameters, chunks coded: [CodedChunk]) {
        version = 1
        k = parameters.k
        n = parameters.n
        chunkSize = parameters.chunkSize
        size = object.count
        objectHash = HashAlgorithm.blake3.hash(object).hex
        chunks = coded.map { c in
            Chunk(
                index: c.index, length: c.length, shardSize: c.shards.first?.count ?? 0,
                shards: c.shards.map { HashAlgorithm.blake3.hash($0).hex })
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
        guard Hash32(hex: objectHash) != nil else { throw .badShards("objectHash is not 64 hex digits") }
    }
}
