import BPICodec
import BPIDA
import BPIHash
import BPILightClient
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// Data-availability inclusion (docs/SPEC.md §15.3): every object of a block is shown under the
/// header's `daRoot` by its proof, every shard of it through its shard header to the object; any
/// changed object, proof, header root, shard byte or swapped object is refused, and the JSON proof
/// (what the API answers) round-trips and refuses an object that is not the one it names.
@Suite struct DAInclusionTests {
    struct Fixture {
        var trees: [ShardTree]
        var chunks: [[CodedChunk]]
        var header: Header
    }

    static func fixture() throws -> Fixture {
        var rng = SeededGenerator(seed: 16)
        var trees: [ShardTree] = []
        var chunks: [[CodedChunk]] = []
        for (size, k, n) in [(300_000, 4, 6), (70_000, 2, 5), (600_000, 10, 16)] {
            let parameters = CodingParameters(k: k, n: n, chunkSize: 256 << 10)
            let object = rng.bytes(size)
            let coded = try ObjectCoder(parameters).encode(object)
            chunks.append(coded)
            trees.append(try ShardTree(object: object, parameters: parameters, chunks: coded))
        }
        let header = Header(
            chainID: "da-test", height: 7, round: 0, timestamp: 1, prevHash: .zero, proposerIndex: 0, vrfProof: [],
            vrfOutput: [], validatorSetHash: .zero, nextValidatorSetHash: .zero,
            daRoot: Block.daRoot(objects: trees.map(\.object)))
        return Fixture(trees: trees, chunks: chunks, header: header)
    }

    @Test func everyObjectAndShardIsCommittedByTheHeader() throws {
        let f = try Self.fixture()
        let objects = f.trees.map(\.object)
        for (i, tree) in f.trees.enumerated() {
            let view = DAObjectProof(objects: objects, index: i, header: f.header)
            #expect(view.id == tree.object.id.hex && view.height == 7 && view.count == 3 && view.daRoot == f.header.daRoot.hex)
            let (object, proof) = try view.parts()
            #expect(object == tree.object)
            try DAInclusion.check(object, proof: proof, header: f.header)
            for chunk in f.chunks[i] {
                for (s, bytes) in chunk.shards.enumerated() {
                    let (shardHeader, shardProof) = try tree.proof(chunk: chunk.index, shard: s)
                    try DAInclusion.check(
                        shard: bytes, shardHeader: shardHeader, shardProof: shardProof, object: object, objectProof: proof,
                        header: f.header)
                }
            }
        }
    }

    @Test func anythingChangedIsRefused() throws {
        let f = try Self.fixture()
        let objects = f.trees.map(\.object)
        let (object, proof) = try DAObjectProof(objects: objects, index: 1, header: f.header).parts()
        // Another object with this proof, this object at another index, a header with another root.
        #expect(throws: DAInclusion.Failure.self) { try DAInclusion.check(objects[0], proof: proof, header: f.header) }
        var moved = proof
        moved.index = 2
        #expect(throws: DAInclusion.Failure.self) { try DAInclusion.check(object, proof: moved, header: f.header) }
        var other = f.header
        other.daRoot = Block.daRoot(objects: Array(objects.prefix(2)))
        #expect(throws: DAInclusion.Failure.self) { try DAInclusion.check(object, proof: proof, header: other) }
        var empty = f.header
        empty.daRoot = Header.emptyRoot
        #expect(throws: DAInclusion.Failure.self) { try DAInclusion.check(object, proof: proof, header: empty) }
        // A changed field of the object (its shard root, its size) breaks the leaf.
        var rerooted = object
        rerooted.shardRoot = BLAKE3.hash([1])
        #expect(throws: DAInclusion.Failure.self) { try DAInclusion.check(rerooted, proof: proof, header: f.header) }
        // A shard that does not check, even with a good object proof.
        let (shardHeader, shardProof) = try f.trees[1].proof(chunk: 0, shard: 3)
        var bytes = f.chunks[1][0].shards[3]
        bytes[100] ^= 1
        #expect(throws: DAInclusion.Failure.self) {
            try DAInclusion.check(
                shard: bytes, shardHeader: shardHeader, shardProof: shardProof, object: object, objectProof: proof,
                header: f.header)
        }
        // A good shard of object 0 presented as object 1's.
        let (h0, p0) = try f.trees[0].proof(chunk: 0, shard: 0)
        #expect(throws: DAInclusion.Failure.self) {
            try DAInclusion.check(
                shard: f.chunks[0][0].shards[0], shardHeader: h0, shardProof: p0, object: object, objectProof: proof,
                header: f.header)
        }
    }

    @Test func theFuzzCorpusProofTakesTheAcceptingPath() throws {
        let url = TestPaths.packageRoot.appendingPathComponent("Fuzz/Corpus/da-manifest/object-proof.json")
        let proof = try JSONDecoder().decode(DAObjectProof.self, from: Data(contentsOf: url))
        let (object, merkle) = try proof.parts()
        #expect(object.id.hex == proof.id && merkle.count == 1 && object.k == proof.k && object.shardRoot.hex == proof.shardRoot)
    }

    @Test func theJSONProofRefusesAnObjectItDoesNotName() throws {
        let f = try Self.fixture()
        var view = DAObjectProof(objects: f.trees.map(\.object), index: 0, header: f.header)
        view.object = Hex.encode(f.trees[2].object.canonicalBytes())
        #expect(throws: DAInclusion.Failure.self) { try view.parts() }
        view.object = "a1"
        #expect(throws: DAInclusion.Failure.self) { try view.parts() }
        view = DAObjectProof(objects: f.trees.map(\.object), index: 0, header: f.header)
        view.siblings[0] = "xyz"
        #expect(throws: DAInclusion.Failure.self) { try view.parts() }
    }
}
