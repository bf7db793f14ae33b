import BPICodec
import BPIHash
import BPITypes

/// A data-availability object with its inclusion proof against a header's `daRoot`
/// (docs/SPEC.md §15.3), in the JSON form `GET /v1/da/objects/{id}` answers and `bpi da prove`
/// saves. Untrusted until `DAInclusion` checks it against a verified header.
public struct DAObjectProof: Codable, Sendable, Equatable {
    /// The object id, hex.
    public var id: String
    /// The height whose header first committed the object.
    public var height: UInt64
    /// Its index among the block's objects, and how many there are.
    public var index: Int
    public var count: Int
    /// The proof's sibling hashes, leaf level first.
    public var siblings: [String]
    public var daRoot: String
    public var headerHash: String
    /// The canonical object, hex (the Merkle leaf).
    public var object: String
    /// The object's fields, for reading (the canonical bytes are what is checked).
    public var k: UInt64
    public var n: UInt64
    public var chunkSize: UInt64
    public var size: UInt64
    public var objectHash: String
    public var shardRoot: String
    /// The storer: the service whose da-commit frame committed the object (the one a challenge
    /// names, §15.8). Informational: the light client checks the object, not who sent it.
    public var storer: String?

    /// The proof of object `index` of `objects`, the objects of the block with `header`, committed
    /// by service `storer`.
    public init(objects: [DAObject], index: Int, header: Header, storer: Hash32? = nil) {
        self.storer = storer?.hex
        let proof =
            (try? MerkleTree(leaves: objects.map { $0.canonicalBytes() }).proof(index: index))
            ?? MerkleProof(index: UInt64(index), count: UInt64(objects.count), siblings: [])
        let o = objects[index]
        id = o.id.hex
        height = header.height
        self.index = index
        count = objects.count
        siblings = proof.siblings.map(\.hex)
        daRoot = header.daRoot.hex
        headerHash = header.hash.hex
        object = Hex.encode(o.canonicalBytes())
        k = o.k
        n = o.n
        chunkSize = o.chunkSize
        size = o.size
        objectHash = o.objectHash.hex
        shardRoot = o.shardRoot.hex
    }

    /// The object (decoded from its canonical hex, which must be what `id` names) and its proof.
    public func parts() throws(DAInclusion.Failure) -> (object: DAObject, proof: MerkleProof) {
        let decoded: DAObject
        do {
            decoded = try DAObject(canonicalBytes: try Hex.decode(object))
        } catch {
            throw DAInclusion.Failure(description: "the proof's object is not a canonical DAObject: \(error)")
        }
        guard decoded.id.hex == id.lowercased() else {
            throw DAInclusion.Failure(description: "the proof's object has id \(decoded.id), not \(id)")
        }
        var hashes: [Hash32] = []
        for s in siblings {
            guard let h = Hash32(hex: s) else { throw DAInclusion.Failure(description: "a sibling is not 64 hex digits") }
            hashes.append(h)
        }
        guard index >= 0, count >= 1 else { throw DAInclusion.Failure(description: "index must be ≥ 0 and count ≥ 1") }
        return (decoded, MerkleProof(index: UInt64(index), count: UInt64(count), siblings: hashes))
    }
}
