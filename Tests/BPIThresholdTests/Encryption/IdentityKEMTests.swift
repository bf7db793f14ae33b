import BPIBLS
import BPICodec
import BPITestSupport
import BPIThreshold
import Foundation
import Testing

/// Encryption to a height (SPEC §16.3), checked both ways against py_ecc + cryptography + PyNaCl.
@Suite("Identity-based encryption")
struct IdentityKEMTests {
    let committee: ThresholdCommittee
    let identity = EncryptionIdentity.height(42, epoch: 3, chainID: "bpi-test")

    init() throws { committee = try ThresholdCommittee(n: 4, threshold: 2) }

    @Test("sealed to a height, opened with the key any two of four shares combine into; refused with anything else")
    func roundTrip() throws {
        let message = Array("pay 10 to bob".utf8)
        let aad = Array("frame header".utf8)
        let ct = try IdentityKEM.seal(message, to: committee.key.masterKey, identity: identity, associatedData: aad)
        #expect(ct.sealed.count == message.count + 16)
        for pair in [[0, 1], [1, 3], [3, 2]] {
            let key = try committee.key.combine(pair.map { committee.shares[$0].keyShare(for: identity) }, for: identity)
            #expect(key.verifies(masterKey: committee.key.masterKey, identity: identity))
            #expect(try IdentityKEM.open(ct, with: key, identity: identity, associatedData: aad) == message)
        }
        let key = try committee.key.combine(committee.shares.map { $0.keyShare(for: identity) }, for: identity)
        // Another height's key, other associated data, a changed byte, another U: all refused.
        let other = EncryptionIdentity.height(43, epoch: 3, chainID: "bpi-test")
        let otherKey = try committee.key.combine(committee.shares.map { $0.keyShare(for: other) }, for: other)
        #expect(!otherKey.verifies(masterKey: committee.key.masterKey, identity: identity))
        #expect(throws: ThresholdError.decryptionFailed) {
            try IdentityKEM.open(ct, with: otherKey, identity: identity, associatedData: aad)
        }
        #expect(throws: ThresholdError.decryptionFailed) {
            try IdentityKEM.open(ct, with: key, identity: identity, associatedData: [])
        }
        var flipped = ct.sealed
        flipped[0] ^= 1
        #expect(throws: ThresholdError.decryptionFailed) {
            try IdentityKEM.open(IdentityCiphertext(u: ct.u, sealed: flipped), with: key, identity: identity, associatedData: aad)
        }
        let otherU = G2Point.generator.multiplied(by: Fr.random()).compressed
        #expect(throws: ThresholdError.decryptionFailed) {
            try IdentityKEM.open(
                IdentityCiphertext(u: otherU, sealed: ct.sealed), with: key, identity: identity, associatedData: aad)
        }
    }

    @Test("one key share cannot open what needs two")
    func belowThreshold() throws {
        let ct = try IdentityKEM.seal([1, 2, 3], to: committee.key.masterKey, identity: identity)
        #expect(throws: ThresholdError.notEnoughShares(have: 1, need: 2)) {
            try committee.key.combine([committee.shares[0].keyShare(for: identity)], for: identity)
        }
        // The lone share used as if it were the key does not open it either.
        let lone = DecryptionKey(point: committee.shares[0].keyShare(for: identity).point)
        #expect(throws: ThresholdError.decryptionFailed) { try IdentityKEM.open(ct, with: lone, identity: identity) }
    }

    @Test("ours seals, Python opens: same key s·H(id), same plaintext; a changed AAD fails there too")
    func oracleOpens() throws {
        let r = Fr.random()
        let message = Array("blind until final".utf8)
        let aad: [UInt8] = [1, 2, 3]
        let ct = try IdentityKEM.seal(
            message, to: committee.key.masterKey, identity: identity, associatedData: aad, randomness: r)
        let key = try committee.key.combine(committee.shares.prefix(2).map { $0.keyShare(for: identity) }, for: identity)
        for (sentAAD, expected) in [(aad, Hex.encode(message) as String?), ([9], nil)] {
            let request: [String: String] = [
                "secret": committee.masterSecret.description, "identity": Hex.encode(identity.bytes), "u": Hex.encode(ct.u),
                "sealed": Hex.encode(ct.sealed), "aad": Hex.encode(sentAAD),
            ]
            let answer = try #require(
                try JSONSerialization.jsonObject(
                    with: try Oracle.run(
                        "threshold_oracle.py", ["open"], input: try JSONSerialization.data(withJSONObject: request)))
                    as? [String: Any])
            #expect(answer["key"] as? String == Hex.encode(key.compressed))
            #expect(answer["plaintext"] as? String == expected)
        }
    }

    @Test("Python seals, ours opens with the combined key")
    func oracleSeals() throws {
        let message = Array("sealed by py_ecc".utf8)
        let aad: [UInt8] = [7]
        let request: [String: String] = [
            "masterKey": Hex.encode(committee.key.masterKey.compressed), "identity": Hex.encode(identity.bytes),
            "r": Fr.random().description, "plaintext": Hex.encode(message), "aad": Hex.encode(aad),
        ]
        let answer = try #require(
            try JSONSerialization.jsonObject(
                with: try Oracle.run("threshold_oracle.py", ["seal"], input: try JSONSerialization.data(withJSONObject: request)))
                as? [String: String])
        let ct = try IdentityCiphertext(
            u: try Hex.decode(try #require(answer["u"])), sealed: try Hex.decode(try #require(answer["sealed"])))
        let key = try committee.key.combine(committee.shares.suffix(2).map { $0.keyShare(for: identity) }, for: identity)
        #expect(try IdentityKEM.open(ct, with: key, identity: identity, associatedData: aad) == message)
    }

    @Test("ciphertexts round-trip; U must be a G2 subgroup point other than the identity")
    func codec() throws {
        let ct = try IdentityKEM.seal([5], to: committee.key.masterKey, identity: identity)
        #expect(try IdentityCiphertext(canonicalBytes: ct.canonicalBytes()) == ct)
        #expect(throws: ThresholdError.self) { try IdentityCiphertext(u: G2Point.infinity.compressed, sealed: ct.sealed) }
        var bad = ct.u
        bad[10] ^= 0x40
        #expect(throws: ThresholdError.self) { try IdentityCiphertext(u: bad, sealed: ct.sealed) }
        #expect(throws: ThresholdError.self) { try IdentityCiphertext(u: ct.u, sealed: [1, 2]) }
        #expect(throws: CBORError.self) {
            try IdentityCiphertext(
                canonicalBytes: CBOREncoder.encode(.array([.unsigned(1), .bytes(ct.u.dropLast()), .bytes(ct.sealed)])))
        }
        #expect(throws: ThresholdError.self) {
            try IdentityKEM.seal([1], to: G2Point.infinity, identity: identity)
        }
    }
}
