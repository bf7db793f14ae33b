import BPIBLS
import BPICodec
import BPITestSupport
import BPIThreshold
import Foundation
import Testing

/// Key shares and their combination (SPEC §16.4), against py_ecc.
@Suite("Key shares and the epoch key")
struct EpochPublicKeyTests {
    let identity = EncryptionIdentity.height(7, epoch: 1, chainID: "bpi-test")

    @Test("public shares, key shares and the combined key match py_ecc's, computed from the polynomial directly")
    func oracle() throws {
        let c = try ThresholdCommittee(n: 5, threshold: 3)
        let request: [String: Any] = [
            "coefficients": c.coefficients.map(\.description), "indices": Array(1...5), "identity": Hex.encode(identity.bytes),
        ]
        let answer = try #require(
            try JSONSerialization.jsonObject(
                with: try Oracle.run(
                    "threshold_oracle.py", ["shares"], input: try JSONSerialization.data(withJSONObject: request)))
                as? [String: Any])
        let keyShares = c.shares.map { $0.keyShare(for: identity) }
        #expect(answer["masterKey"] as? String == Hex.encode(c.key.masterKey.compressed))
        #expect(answer["shareKeys"] as? [String] == c.key.shareKeys.map { Hex.encode($0.compressed) })
        #expect(answer["keyShares"] as? [String] == keyShares.map { Hex.encode($0.point.compressed) })
        let key = try c.key.combine([keyShares[4], keyShares[1], keyShares[2]], for: identity)
        #expect(answer["key"] as? String == Hex.encode(key.compressed))
    }

    @Test("a forged or misplaced share is found and left out; with enough valid ones the key still forms")
    func badShares() throws {
        let c = try ThresholdCommittee(n: 4, threshold: 2)
        var shares = c.shares.map { $0.keyShare(for: identity) }
        let expected = try c.key.combine(shares, for: identity)
        // Share 2 forged, share 3 for another height, and a duplicate of share 1.
        shares[1] = DecryptionKeyShare(index: 2, point: shares[1].point + G1Point.generator)
        shares[2] = c.shares[2].keyShare(for: EncryptionIdentity.height(8, epoch: 1, chainID: "bpi-test"))
        shares.append(shares[0])
        for s in shares[1...2] { #expect(!c.key.verifies(s, for: identity)) }
        let (valid, invalid) = c.key.partition(shares, for: identity)
        #expect(valid.map(\.index) == [1, 4])
        #expect(invalid.sorted() == [1, 2, 3])
        #expect(try c.key.combine(shares, for: identity) == expected)
        // With only one valid share left the bad ones are named.
        #expect(throws: ThresholdError.invalidShares([2, 3])) { try c.key.combine(Array(shares[0...2]), for: identity) }
        #expect(!c.key.verifies(DecryptionKeyShare(index: 9, point: shares[0].point), for: identity))
    }

    @Test("epoch keys and key shares round-trip; the identity and out-of-subgroup points are refused")
    func codec() throws {
        let c = try ThresholdCommittee(n: 4, threshold: 2)
        #expect(try EpochPublicKey(canonicalBytes: c.key.canonicalBytes()) == c.key)
        let share = c.shares[0].keyShare(for: identity)
        #expect(try DecryptionKeyShare(canonicalBytes: share.canonicalBytes()) == share)
        #expect(throws: CBORError.self) {
            try DecryptionKeyShare(
                canonicalBytes: CBOREncoder.encode(.array([.unsigned(1), .unsigned(1), .bytes(G1Point.infinity.compressed)])))
        }
        var f = c.key.cborFields
        f[1] = .unsigned(5)
        #expect(throws: CBORError.self) { try EpochPublicKey(canonicalBytes: CBOREncoder.encode(.array(f))) }
        f = c.key.cborFields
        f[2] = .bytes(G2Point.infinity.compressed)
        #expect(throws: CBORError.self) { try EpochPublicKey(canonicalBytes: CBOREncoder.encode(.array(f))) }
        #expect(throws: ThresholdError.self) { try DecryptionKey(compressed: G1Point.infinity.compressed) }
        #expect(EpochSecretShare(index: 1, bytes: [UInt8](repeating: 0, count: 32)) == nil)
        #expect("\(c.shares[0])" == "<epoch secret share 1>")
    }
}
