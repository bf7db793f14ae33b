import BPICodec
import BPIEthereum
import BPITestSupport
import Testing

/// Keccak-256 (SPEC §18.1) against its published digests and pycryptodome.
@Suite("Keccak-256")
struct Keccak256Tests {
    @Test("the published digests of the empty string and 'abc', and not SHA3-256's")
    func knownAnswers() {
        #expect(Hex.encode(Keccak256.hash([])) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(
            Hex.encode(Keccak256.hash(Array("abc".utf8))) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        // SHA3-256("") differs only in the padding byte: a check that the padding is Keccak's.
        #expect(Hex.encode(Keccak256.hash([])) != "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")
        // The Transfer event topic every ERC-20 indexer knows.
        #expect(
            Hex.encode(Keccak256.hash(Array("Transfer(address,address,uint256)".utf8)))
                == "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
    }

    @Test("random inputs of every length around the rate, whole and in pieces, match pycryptodome")
    func oracle() throws {
        var rng = SeededGenerator(seed: 18)
        let lengths = Array(0...300) + [543, 544, 545, 1000, 4096]
        let inputs = lengths.map { rng.bytes($0) }
        let expected = try EthereumOracle.run("keccak", inputs.map { Hex.encode($0) }).map { $0 as? String ?? "" }
        #expect(expected.count == inputs.count)
        for (input, digest) in zip(inputs, expected) {
            #expect(Hex.encode(Keccak256.hash(input)) == digest, "length \(input.count)")
            var k = Keccak256()
            let cut = input.isEmpty ? 0 : Int(rng.next() % UInt64(input.count))
            k.update(input[..<cut])
            k.update(input[cut...])
            #expect(Hex.encode(k.finalize()) == digest, "length \(input.count) cut at \(cut)")
        }
    }
}
