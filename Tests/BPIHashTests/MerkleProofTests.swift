import BPICodec
import BPIHash
import BPITestSupport
import Testing

/// The proof with bit `bit` flipped, counting over index (64 bits), count (64 bits), then siblings.
private func flipped(_ proof: MerkleProof, bit: Int) -> MerkleProof {
    var p = proof
    switch bit {
    case 0..<64: p.index ^= 1 << UInt64(bit)
    case 64..<128: p.count ^= 1 << UInt64(bit - 64)
    default:
        let s = (bit - 128) / 256
        let within = (bit - 128) % 256
        var bytes = p.siblings[s].bytes
        bytes[within / 8] ^= 1 << UInt8(within % 8)
        p.siblings[s] = Hash32(bytes)!
    }
    return p
}

private func flippedLeaf(_ leaf: [UInt8], bit: Int) -> [UInt8] {
    var l = leaf
    l[bit / 8] ^= 1 << UInt8(bit % 8)
    return l
}

@Suite("Merkle proofs")
struct MerkleProofTests {
    @Test("10,000 random trees (0…5,000 leaves): proofs verify, every single-bit tamper fails")
    func property() throws {
        var rng = SeededGenerator(seed: 2459)
        var checkedProofs = 0
        var checkedTampers = 0
        for t in 0..<10_000 {
            let n = t < 70 ? t : Int.random(in: 0...5_000, using: &rng)
            let leaves = (0..<n).map { _ in rng.bytes(32) }
            let tree = MerkleTree(leaves: leaves)
            let root = tree.root
            if n == 0 {
                #expect(throws: MerkleError.indexOutOfRange(index: 0, count: 0)) { try tree.proof(index: 0) }
                continue
            }
            // Every proof of small trees; first, last and random ones of larger trees.
            let indices = n <= 70 ? Array(0..<n) : [0, n - 1] + (0..<4).map { _ in Int.random(in: 0..<n, using: &rng) }
            for index in indices {
                let proof = try tree.proof(index: index)
                #expect(proof.verify(leaf: leaves[index], root: root), "tree \(t) index \(index)")
                checkedProofs += 1
            }
            // Tamper: every bit of the proof and leaf for one tree in 100, random bits otherwise.
            let index = indices[indices.count - 1]
            let proof = try tree.proof(index: index)
            let proofBits = 128 + 256 * proof.siblings.count
            let exhaustive = t % 100 == 0
            let bits = exhaustive ? Array(0..<proofBits) : (0..<12).map { _ in Int.random(in: 0..<proofBits, using: &rng) }
            for bit in bits {
                #expect(!flipped(proof, bit: bit).verify(leaf: leaves[index], root: root), "tree \(t) bit \(bit)")
            }
            let leafBits = exhaustive ? Array(0..<256) : (0..<4).map { _ in Int.random(in: 0..<256, using: &rng) }
            for bit in leafBits {
                #expect(!proof.verify(leaf: flippedLeaf(leaves[index], bit: bit), root: root))
            }
            checkedTampers += bits.count + leafBits.count
        }
        #expect(checkedProofs > 10_000 && checkedTampers > 100_000)
    }

    @Test("missing or extra siblings are refused with the count they should have")
    func siblingCount() throws {
        let leaves = (0..<5).map { [UInt8]([UInt8($0)]) }
        let tree = MerkleTree(leaves: leaves)
        var proof = try tree.proof(index: 4)  // odd last node: paired with itself at two levels
        #expect(proof.siblings.count == 1)
        proof.siblings.append(proof.siblings[0])
        #expect(throws: MerkleError.wrongSiblingCount(expected: 1, found: 2)) {
            try proof.root(forLeafHash: Merkle.leafHash(leaves[4]))
        }
        proof.siblings = []
        #expect(!proof.verify(leaf: leaves[4], root: tree.root))
        #expect(throws: MerkleError.indexOutOfRange(index: 5, count: 5)) { try tree.proof(index: 5) }
    }

    @Test("proofs round-trip through canonical CBOR, and malformed encodings are refused")
    func cbor() throws {
        let tree = MerkleTree(leaves: (0..<9).map { [UInt8]([UInt8($0)]) })
        let proof = try tree.proof(index: 6)
        let bytes = proof.canonicalBytes()
        #expect(try MerkleProof(canonicalBytes: bytes) == proof)
        #expect(bytes.first == 0x83)  // an array of three fields
        #expect(throws: CBORError.self) { try MerkleProof(canonicalBytes: bytes + [0]) }
        var short = proof.cbor
        if case .array(var fields) = short {
            fields[2] = .array([.bytes([1, 2, 3])])
            short = .array(fields)
        }
        #expect(throws: CBORError.self) { try MerkleProof(cbor: short) }
        #expect(throws: CBORError.self) { try MerkleProof(cbor: .array([.unsigned(0), .unsigned(1)])) }
    }
}
