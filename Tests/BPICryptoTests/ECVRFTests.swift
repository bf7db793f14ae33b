import BPICodec
import BPICrypto
import BPITestSupport
import Foundation
import Testing

/// RFC 9381 Appendix B.3, examples 16–18 (SK, PK, alpha, pi, beta). Example 18's beta is checked on
/// the prefix quoted here.
private let rfc9381Examples: [(sk: String, pk: String, alpha: String, pi: String, beta: String)] = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
        "8657106690b5526245a92b003bb079ccd1a92130477671f6fc01ad16f26f723f26f8a57ccaed74ee1b190bed1f479d9727d2d0f9b005a6e456a35d4fb0daab1268a1b0db10836d9826a528ca76567805",
        "90cf1df3b703cce59e2a35b925d411164068269d7b2d29f3301c03dd757876ff66b71dda49d2de59d03450451af026798e8f81cd2e333de5cdf4f3e140fdd8ae"
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
        "f3141cd382dc42909d19ec5110469e4feae18300e94f304590abdced48aed5933bf0864a62558b3ed7f2fea45c92a465301b3bbf5e3e54ddf2d935be3b67926da3ef39226bbc355bdc9850112c8f4b02",
        "eb4440665d3891d668e7e0fcaf587f1b4bd7fbfe99d0eb2211ccec90496310eb5e33821bc613efb94db5e5b54c70a848a0bef4553a41befc57663b56373a5031"
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
        "9bc0f79119cc5604bf02d23b4caede71393cedfbb191434dd016d30177ccbf8096bb474e53895c362d8628ee9f9ea3c0e52c7a5c691b6c18c9979866568add7a2d41b00b05081ed0f58ee5e31b3a970e",
        "645427e5d00c62a23fb703732fa5"
    ),
]

@Suite("ECVRF-EDWARDS25519-SHA512-TAI")
struct ECVRFTests {
    @Test("RFC 9381 examples 16–18: public key, proof and output")
    func rfcVectors() throws {
        for v in rfc9381Examples {
            let key = try ECVRF.SecretKey(seed: try Hex.decode(v.sk))
            #expect(Hex.encode(key.publicKey) == v.pk)
            let proof = ECVRF.prove(key, alpha: try Hex.decode(v.alpha))
            #expect(Hex.encode(proof) == v.pi)
            let beta = try ECVRF.verify(publicKey: key.publicKey, alpha: try Hex.decode(v.alpha), proof: proof)
            #expect(Hex.encode(beta).hasPrefix(v.beta) && beta.count == 64)
            #expect(try ECVRF.proofToHash(proof) == beta)
        }
    }

    @Test("every single-bit flip of a proof, a wrong key or a wrong input is refused")
    func tampering() throws {
        let key = try ECVRF.SecretKey(seed: [UInt8](repeating: 9, count: 32))
        let alpha: [UInt8] = [1, 2, 3]
        let proof = ECVRF.prove(key, alpha: alpha)
        for bit in 0..<(8 * proof.count) {
            var p = proof
            p[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(throws: CryptoError.self, "bit \(bit)") { try ECVRF.verify(publicKey: key.publicKey, alpha: alpha, proof: p) }
        }
        let other = ECVRF.SecretKey.generate()
        #expect(throws: CryptoError.self) { try ECVRF.verify(publicKey: other.publicKey, alpha: alpha, proof: proof) }
        #expect(throws: CryptoError.self) { try ECVRF.verify(publicKey: key.publicKey, alpha: [1, 2, 4], proof: proof) }
        #expect(throws: CryptoError.self) {
            try ECVRF.verify(publicKey: key.publicKey, alpha: alpha, proof: Array(proof.dropLast()))
        }
    }

    @Test("small-order, non-canonical and off-curve points are refused as keys and as Gamma")
    func badPoints() throws {
        let key = try ECVRF.SecretKey(seed: [UInt8](repeating: 4, count: 32))
        let proof = ECVRF.prove(key, alpha: [])
        let identity = [1] + [UInt8](repeating: 0, count: 31)
        let orderTwo = [0xEC] + [UInt8](repeating: 0xFF, count: 30) + [0x7F]  // y = -1
        let nonCanonical = [0xEE] + [UInt8](repeating: 0xFF, count: 30) + [0x7F]  // y = p + 1
        let offCurve = [2] + [UInt8](repeating: 0, count: 31)  // y = 2 has no x on edwards25519
        for bad in [identity, orderTwo, nonCanonical, offCurve] {
            #expect(throws: CryptoError.self) { try ECVRF.verify(publicKey: bad, alpha: [], proof: proof) }
            #expect(throws: CryptoError.self) { try ECVRF.verify(publicKey: key.publicKey, alpha: [], proof: bad + proof[32...]) }
        }
        // s ≥ L: the same proof with s + L must be refused, not reduced.
        var sPlusL = Array(proof[48...])
        let order: [UInt8] =
            [0xED, 0xD3, 0xF5, 0x5C, 0x1A, 0x63, 0x12, 0x58, 0xD6, 0x9C, 0xF7, 0xA2, 0xDE, 0xF9, 0xDE, 0x14]
            + [UInt8](repeating: 0, count: 15) + [0x10]
        var carry = 0
        for i in 0..<32 {
            let sum = Int(sPlusL[i]) + Int(order[i]) + carry
            sPlusL[i] = UInt8(sum & 0xFF)
            carry = sum >> 8
        }
        if carry == 0 {
            #expect(throws: CryptoError.self) {
                try ECVRF.verify(publicKey: key.publicKey, alpha: [], proof: Array(proof[..<48]) + sPlusL)
            }
        }
    }

    @Test("equal to an independent Python RFC 9381 implementation on 100 random keys and inputs; each side verifies the other")
    func matchesPython() throws {
        var rng = SeededGenerator(seed: 9381)
        var lines: [String] = []
        var ours: [(pk: [UInt8], pi: [UInt8], beta: [UInt8])] = []
        for _ in 0..<100 {
            let seed = rng.bytes(32)
            let alpha = rng.bytes(Int.random(in: 0...64, using: &rng))
            let key = try ECVRF.SecretKey(seed: seed)
            let pi = ECVRF.prove(key, alpha: alpha)
            ours.append((key.publicKey, pi, try ECVRF.verify(publicKey: key.publicKey, alpha: alpha, proof: pi)))
            lines.append("x" + Hex.encode(seed) + " x" + Hex.encode(alpha))
        }
        let out = String(
            decoding: try Oracle.run("ecvrf_oracle.py", input: Data(lines.joined(separator: "\n").utf8)), as: UTF8.self)
        let answers = out.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        try #require(answers.count == 100)
        for (mine, theirs) in zip(ours, answers) {
            #expect(Hex.encode(mine.pk) == theirs[0])
            #expect(Hex.encode(mine.pi) == theirs[1])
            #expect(Hex.encode(mine.beta) == theirs[2])
            #expect(theirs[3] == "verified-ours")
        }
    }
}
