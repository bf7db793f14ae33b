import BPIHash
import BPITypes

/// An object's shard headers and their Merkle tree (docs/SPEC.md §15.2): the leaves are the
/// headers chunk by chunk, shard by shard; the root is the object's `shardRoot`. Proofs from it let
/// anyone holding only the `DAObject` (its root) check one shard.
public struct ShardTree: Sendable {
    /// The object, with its shard root.
    public let object: DAObject
    /// Every shard's header, in leaf order.
    public let headers: [ShardHeader]
    private let tree: MerkleTree

    /// The tree of `bytes` coded with `parameters` as `chunks`.
    public init(object bytes: [UInt8], parameters: CodingParameters, chunks: [CodedChunk]) throws(ErasureError) {
        try self.init(
            parameters: parameters, size: bytes.count, objectHash: HashAlgorithm.blake3.hash(bytes),
            contentHashes: chunks.map { $0.shards.map(ShardHeader.contentHash) }, shardSizes: chunks.map { $0.shards[0].count })
    }

    /// The tree from recorded shard content hashes (`contentHashes[chunk][shard]`) and shard sizes.
    public init(
        parameters: CodingParameters, size: Int, objectHash: Hash32, contentHashes: [[Hash32]], shardSizes: [Int]
    ) throws(ErasureError) {
        let id = DAObject.id(
            k: UInt64(parameters.k), n: UInt64(parameters.n), chunkSize: UInt64(parameters.chunkSize), size: UInt64(size),
            objectHash: objectHash)
        var headers: [ShardHeader] = []
        for (c, hashes) in contentHashes.enumerated() {
            guard hashes.count == parameters.n, c < shardSizes.count else {
                throw .badShards("chunk \(c): \(parameters.n) shards expected")
            }
            for (s, hash) in hashes.enumerated() {
                headers.append(
                    ShardHeader(
                        objectID: id, chunkIndex: UInt64(c), shardIndex: UInt64(s), k: UInt64(parameters.k),
                        n: UInt64(parameters.n), size: UInt64(shardSizes[c]), contentHash: hash))
            }
        }
        let tree = MerkleTree(leafHashes: headers.map(\.leafHash))
        do {
            object = try DAObject(
                k: UInt64(parameters.k), n: UInt64(parameters.n), chunkSize: UInt64(parameters.chunkSize), size: UInt64(size),
                objectHash: objectHash, shardRoot: tree.root)
        } catch {
            throw .badParameters("\(error)")
        }
        self.headers = headers
        self.tree = tree
    }

    /// The header of shard `shard` of chunk `chunk` and its Merkle path to `shardRoot`.
    public func proof(chunk: Int, shard: Int) throws(ErasureError) -> (header: ShardHeader, proof: MerkleProof) {
        let i = chunk * Int(object.n) + shard
        guard chunk >= 0, shard >= 0, shard < Int(object.n), i < headers.count else {
            throw .badShards("no shard \(shard) of chunk \(chunk) in this object")
        }
        do {
            return (headers[i], try tree.proof(index: i))
        } catch {
            throw .badShards("\(error)")
        }
    }
}
