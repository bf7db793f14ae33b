import BPICodec
import BPIHash
import BPITestSupport
import Foundation
import Testing

@Suite("Merkle roots")
struct MerkleTests {
    private func blake3(_ parts: [UInt8]...) -> Hash32 { BLAKE3.hash(parts.flatMap { $0 }) }

    @Test("leaf, node and count-bound root follow the spec byte for byte")
    func rules() {
        let a: [UInt8] = [1, 2, 3]
        let b: [UInt8] = [4]
        let c: [UInt8] = []
        let la = blake3([0x00], a)
        let lb = blake3([0x00], b)
        let lc = blake3([0x00], c)
        #expect(Merkle.leafHash(a) == la)
        #expect(Merkle.nodeHash(la, lb) == blake3([0x01], la.bytes, lb.bytes))
        let count3: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 3]
        let top3 = blake3([0x01], blake3([0x01], la.bytes, lb.bytes).bytes, blake3([0x01], lc.bytes, lc.bytes).bytes)
        #expect(Merkle.root(leaves: [a, b, c]) == blake3([0x02], count3, top3.bytes))
        #expect(Merkle.root(leaves: []) == blake3([0x02], [UInt8](repeating: 0, count: 40)))
        #expect(Merkle.root(leaves: [a]) == blake3([0x02], [0, 0, 0, 0, 0, 0, 0, 1], la.bytes))
    }

    @Test("the duplicate-last rule cannot make [a,b,c] and [a,b,c,c] share a root (CVE-2012-2459)")
    func countIsBound() {
        let a: [UInt8] = [1]
        let b: [UInt8] = [2]
        let c: [UInt8] = [3]
        #expect(Merkle.root(leaves: [a, b, c]) != Merkle.root(leaves: [a, b, c, c]))
        #expect(MerkleTree(leaves: [a, b, c]).levels.last == MerkleTree(leaves: [a, b, c, c]).levels.last)
    }

    @Test("SIMD-batched leaf and node hashing equals one-at-a-time hashing on every backend")
    func batchedEqualsScalar() {
        var rng = SeededGenerator(seed: 7)
        for length in [0, 1, 31, 32, 33, 63, 64, 100, 1023] {
            let leaves = (0..<37).map { _ in rng.bytes(length) }
            let expected = leaves.map(Merkle.leafHash)
            for backend in BLAKE3Backend.allCases where backend.isSupported {
                #expect(Merkle.leafHashes(leaves, backend: backend) == expected, "\(backend) length \(length)")
                let parents = Merkle.parents(of: expected, backend: backend)
                let pairs = stride(from: 0, to: expected.count, by: 2).map {
                    Merkle.nodeHash(expected[$0], expected[min($0 + 1, expected.count - 1)])
                }
                #expect(parents == pairs, "\(backend)")
            }
        }
        let mixed = [[UInt8](repeating: 1, count: 5), [2], []]
        #expect(Merkle.leafHashes(mixed) == mixed.map(Merkle.leafHash))
    }

    @Test("roots equal an independent Python implementation on 300 random trees")
    func matchesPythonOracle() throws {
        var rng = SeededGenerator(seed: 11)
        var trees: [[[UInt8]]] = []
        for i in 0..<300 {
            let n = i < 20 ? i : Int.random(in: 0...400, using: &rng)
            let length = Int.random(in: 0...70, using: &rng)
            trees.append((0..<n).map { _ in rng.bytes(i % 3 == 0 ? Int.random(in: 0...70, using: &rng) : length) })
        }
        let input = trees.map { $0.map { "x" + Hex.encode($0) }.joined(separator: " ") }.joined(separator: "\n")
        let output = String(decoding: try Oracle.run("merkle_oracle.py", input: Data(input.utf8)), as: UTF8.self)
        let roots = output.split(separator: "\n").map(String.init)
        try #require(roots.count == trees.count)
        for (tree, expected) in zip(trees, roots) {
            #expect(Merkle.root(leaves: tree).hex == expected, "\(tree.count) leaves")
            #expect(MerkleTree(leaves: tree).root.hex == expected)
        }
    }
}
