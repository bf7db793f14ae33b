import BPICodec
import BPIDA
import BPITestSupport
import Foundation
import Testing

/// RS(k, n) through ISA-L (docs/SPEC.md §15.1): any k shards rebuild the data bit-exactly, fewer
/// is a typed error, and an independent pure-Python GF(2⁸) Cauchy code agrees byte for byte.
@Suite struct ReedSolomonTests {
    static func data(k: Int, size: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SeededGenerator(seed: seed)
        return (0..<k).map { _ in rng.bytes(size) }
    }

    @Test func everyLossPatternOfASmallCodeRebuilds() throws {
        let code = try ReedSolomon(k: 4, n: 7)
        let data = Self.data(k: 4, size: 61, seed: 1)
        let shards = data + (try code.parity(data))
        var patterns = 0
        for mask in 0..<(1 << 7) where mask.nonzeroBitCount >= 4 {
            let present = (0..<7).map { mask & (1 << $0) != 0 ? shards[$0] : nil }
            #expect(try code.reconstruct(present) == data, "mask \(mask)")
            patterns += 1
        }
        #expect(patterns == 64)
        for mask in 0..<(1 << 7) where mask.nonzeroBitCount < 4 {
            let present = (0..<7).map { mask & (1 << $0) != 0 ? shards[$0] : nil }
            #expect(throws: ErasureError.tooFewShards(chunk: 0, present: mask.nonzeroBitCount, needed: 4)) {
                try code.reconstruct(present)
            }
        }
    }

    @Test(arguments: [(10, 16), (32, 48)])
    func randomLossesOfTheStandardCodesRebuild(k: Int, n: Int) throws {
        let code = try ReedSolomon(k: k, n: n)
        let data = Self.data(k: k, size: 4_096 + 3, seed: UInt64(k))
        let shards = data + (try code.parity(data))
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<20 {
            var present: [[UInt8]?] = shards
            for i in Array(0..<n).shuffled(using: &rng).prefix(n - k) { present[i] = nil }
            #expect(try code.reconstruct(present) == data)
        }
    }

    @Test func refusesBadParametersAndShards() throws {
        for (k, n) in [(0, 4), (4, 4), (5, 4), (10, 256)] {
            #expect(throws: ErasureError.self) { try ReedSolomon(k: k, n: n) }
        }
        let code = try ReedSolomon(k: 3, n: 5)
        #expect(throws: ErasureError.self) { try code.parity([[1, 2], [3], [4, 5]]) }
        #expect(throws: ErasureError.self) { try code.reconstruct([[1], [2, 3], [4], nil, nil]) }
        #expect(throws: ErasureError.self) { try code.encode(chunk: [1, 2, 3, 4], shardSize: 1) }
    }

    @Test func anIndependentGF256CauchyCodeAgrees() throws {
        for (k, n, seed) in [(4, 6, UInt64(3)), (10, 16, 4)] {
            let code = try ReedSolomon(k: k, n: n)
            let data = Self.data(k: k, size: 97, seed: seed)
            let parity = try code.parity(data)
            let request = try JSONSerialization.data(withJSONObject: [
                "k": k, "n": n,
                "shards": data.map { Hex.encode($0) as Any } + [Any](repeating: NSNull(), count: n - k),
            ])
            let encoded = try JSONSerialization.jsonObject(with: try Oracle.run("rs_oracle.py", ["encode"], input: request))
            #expect((encoded as? [String: [String]])?["parity"] == parity.map { Hex.encode($0) })
            // The oracle rebuilds the data from our parity and the last data shards.
            let shards: [Any] = (0..<n).map { i in
                i < n - k ? NSNull() : Hex.encode((data + parity)[i]) as Any
            }
            let decodeRequest = try JSONSerialization.data(withJSONObject: ["k": k, "n": n, "shards": shards])
            let decoded = try JSONSerialization.jsonObject(with: try Oracle.run("rs_oracle.py", ["decode"], input: decodeRequest))
            #expect((decoded as? [String: [String]])?["data"] == data.map { Hex.encode($0) })
        }
    }

    @Test func objectsRoundTripThroughChunks() throws {
        let coder = try ObjectCoder(CodingParameters(k: 10, n: 16, chunkSize: 256 << 10))
        var rng = SeededGenerator(seed: 9)
        for size in [0, 1, 9, 256 << 10, (256 << 10) + 1, 700_001] {
            let object = rng.bytes(size)
            let chunks = try coder.encode(object)
            #expect(chunks.count == (size + (256 << 10) - 1) / (256 << 10))
            var rebuilt: [UInt8] = []
            for chunk in chunks {
                var present: [[UInt8]?] = chunk.shards
                for i in [0, 3, 5, 10, 12, 15] { present[i] = nil }
                rebuilt += try coder.decodeChunk(index: chunk.index, length: chunk.length, shards: present)
            }
            #expect(rebuilt == object, "size \(size)")
        }
        #expect(throws: ErasureError.self) { try ObjectCoder(CodingParameters(k: 10, n: 16, chunkSize: 4_096)) }
    }
}
