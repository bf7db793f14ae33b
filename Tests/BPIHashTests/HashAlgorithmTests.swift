import BPICodec
import BPIHash
import BPITestSupport
import Foundation
import Testing

@Suite("HashAlgorithm and domain tags")
struct HashAlgorithmTests {
    @Test("SHA-256 matches the FIPS 180-2 examples")
    func fipsVectors() {
        #expect(HashAlgorithm.sha256.hash([]).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            HashAlgorithm.sha256.hash(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        let two = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(HashAlgorithm.sha256.hash(two).hex == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(HashAlgorithm.sha256.hash(million).hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("tagged and streamed SHA-256 equal Python hashlib on random inputs")
    func matchesHashlib() throws {
        var rng = SeededGenerator(seed: 256)
        let inputs = (0..<50).map { _ in rng.bytes(Int.random(in: 0...5_000, using: &rng)) }
        let stdin = Data(inputs.map { "x" + Hex.encode($0) }.joined(separator: "\n").utf8)
        for tag in [nil, DomainTag(rawValue: 0x12)] {
            let arg = tag.map { String(format: "%02x", $0.rawValue) } ?? "-"
            let expected = String(decoding: try Oracle.run("hashlib_oracle.py", [arg], input: stdin), as: UTF8.self)
                .split(separator: "\n").map(String.init)
            try #require(expected.count == inputs.count)
            for (input, digest) in zip(inputs, expected) {
                #expect(HashAlgorithm.sha256.hash(input, tag: tag).hex == digest)
                var streaming = StreamingHash(.sha256)
                if let tag { streaming.update([tag.rawValue]) }
                streaming.update(Array(input.prefix(7)))
                streaming.update(Array(input.dropFirst(7)))
                #expect(streaming.finalize().hex == digest)
            }
        }
    }

    @Test("a tag is one byte prepended, and different tags separate equal inputs")
    func tagging() {
        let data: [UInt8] = [1, 2, 3]
        for algorithm in HashAlgorithm.allCases {
            #expect(algorithm.hash(data, tag: .merkleLeaf) == algorithm.hash([0x00] + data))
            #expect(algorithm.hash(data, tag: .merkleLeaf) != algorithm.hash(data, tag: .merkleNode))
        }
        #expect(DomainTag.merkleRoot.description == "0x02")
        #expect(Set([DomainTag.merkleLeaf, .merkleNode, .merkleRoot].map(\.rawValue)).count == 3)
    }

    @Test("Hash32 converts from bytes and hex, refusing other lengths")
    func hash32() {
        let h = BLAKE3.hash([7])
        #expect(Hash32(h.bytes) == h)
        #expect(Hash32(hex: h.hex) == h)
        #expect(Hash32([UInt8](repeating: 0, count: 31)) == nil)
        #expect(Hash32(hex: "zz") == nil)
        #expect(Hash32.zero.bytes == [UInt8](repeating: 0, count: 32))
    }
}
