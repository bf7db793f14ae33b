import BPICodec
import BPIDA
import BPIHash
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// Shard headers and shard trees (docs/SPEC.md §15.2): every shard of an object checks against the
/// object's shard root with its header and path; a changed byte, header field, position or root is
/// refused; the objects decode canonically; a manifest whose root is not its shards' is refused.
@Suite struct ShardTreeTests {
    static func coded(size: Int, seed: UInt64) throws -> ([UInt8], CodingParameters, [CodedChunk], ShardTree) {
        let parameters = CodingParameters(k: 4, n: 6, chunkSize: 256 << 10)
        var rng = SeededGenerator(seed: seed)
        let object = rng.bytes(size)
        let chunks = try ObjectCoder(parameters).encode(object)
        return (object, parameters, chunks, try ShardTree(object: object, parameters: parameters, chunks: chunks))
    }

    @Test func everyShardChecksAgainstTheRoot() throws {
        let (object, _, chunks, tree) = try Self.coded(size: 600_000, seed: 1)
        #expect(tree.object.chunkCount == 3 && tree.headers.count == 18)
        #expect(tree.object.objectHash == HashAlgorithm.blake3.hash(object))
        for chunk in chunks {
            for (s, bytes) in chunk.shards.enumerated() {
                let (header, proof) = try tree.proof(chunk: chunk.index, shard: s)
                #expect(tree.object.refusal(shard: bytes, header: header, proof: proof) == nil)
            }
        }
        #expect(throws: ErasureError.self) { try tree.proof(chunk: 3, shard: 0) }
        #expect(throws: ErasureError.self) { try tree.proof(chunk: 0, shard: 6) }
    }

    @Test func changedBytesHeadersPositionsAndRootsAreRefused() throws {
        let (_, _, chunks, tree) = try Self.coded(size: 300_000, seed: 2)
        let bytes = chunks[1].shards[4]
        let (header, proof) = try tree.proof(chunk: 1, shard: 4)
        var flipped = bytes
        flipped[7] ^= 1
        #expect(tree.object.refusal(shard: flipped, header: header, proof: proof) != nil)
        #expect(tree.object.refusal(shard: chunks[1].shards[3], header: header, proof: proof) != nil)
        for change in 0..<4 {
            var h = header
            switch change {
            case 0: h.shardIndex = 3
            case 1: h.objectID = .zero
            case 2: h.size += 1
            default: h.contentHash = ShardHeader.contentHash(flipped)
            }
            #expect(tree.object.refusal(shard: bytes, header: h, proof: proof) != nil, "change \(change)")
        }
        let (_, otherProof) = try tree.proof(chunk: 1, shard: 3)
        #expect(tree.object.refusal(shard: bytes, header: header, proof: otherProof) != nil)
        var object = tree.object
        object.shardRoot = .zero
        #expect(object.refusal(shard: bytes, header: header, proof: proof) != nil)
        let (_, _, _, other) = try Self.coded(size: 300_000, seed: 3)
        #expect(other.object.refusal(shard: bytes, header: header, proof: proof) != nil)
    }

    @Test func objectsAndHeadersDecodeCanonicallyAndRefuseNonsense() throws {
        let (_, _, _, tree) = try Self.coded(size: 10, seed: 4)
        #expect(try DAObject(canonicalBytes: tree.object.canonicalBytes()) == tree.object)
        let header = tree.headers[5]
        #expect(try ShardHeader(canonicalBytes: header.canonicalBytes()) == header)
        #expect(throws: CBORError.self) {
            try DAObject(k: 4, n: 4, chunkSize: 256 << 10, size: 1, objectHash: .zero, shardRoot: .zero)
        }
        #expect(throws: CBORError.self) {
            try DAObject(k: 4, n: 6, chunkSize: 1_000, size: 1, objectHash: .zero, shardRoot: .zero)
        }
        var bad = header
        bad.shardIndex = 6
        #expect(throws: CBORError.self) { try ShardHeader(canonicalBytes: bad.canonicalBytes()) }
    }

    @Test func aManifestWhoseRootIsNotItsShardsIsRefused() throws {
        let (_, parameters, chunks, tree) = try Self.coded(size: 1_000, seed: 5)
        var manifest = CodedObjectManifest(tree: tree, parameters: parameters, chunks: chunks)
        try manifest.check()
        manifest.chunks[0].shards[2] = Hash32.zero.hex
        #expect(throws: ErasureError.self) { try manifest.check() }
        manifest = CodedObjectManifest(tree: tree, parameters: parameters, chunks: chunks)
        manifest.shardRoot = Hash32.zero.hex
        #expect(throws: ErasureError.self) { try manifest.check() }
    }
}
