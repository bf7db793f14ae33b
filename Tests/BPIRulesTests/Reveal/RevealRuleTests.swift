import BPIBLS
@_spi(Simulation) import BPIRules
import BPIThreshold
import Testing

/// The reveal rule: a key forms from `threshold` verifying shares and from nothing less; shares
/// that do not verify never count; the simulator's known-wrong switch really is wrong.
@Suite("Reveal rule")
struct RevealRuleTests {
    /// A committee of 4 (threshold 2) sharing f(x) = 11 + 7x.
    let polynomial = SecretPolynomial(coefficients: [Fr(11), Fr(7)])
    let identity = EncryptionIdentity.height(9, epoch: 1, chainID: "bpi-test")
    var epochKey: EpochPublicKey {
        try! EpochPublicKey(
            threshold: 2, masterKey: G2Point.generator.multiplied(by: Fr(11)),
            shareKeys: (1...4).map { G2Point.generator.multiplied(by: polynomial.share(for: UInt32($0))) })
    }

    func share(_ j: UInt32, for identity: EncryptionIdentity? = nil) -> DecryptionKeyShare {
        EpochSecretShare(index: j, scalar: polynomial.share(for: j)).keyShare(for: identity ?? self.identity)
    }

    @Test("two verifying shares reveal the key s·H(id), whichever two; one reveals nothing")
    func thresholdShares() throws {
        let key = epochKey
        #expect(RevealRule.key(from: [share(3)], epochKey: key, identity: identity) == nil)
        let a = try #require(RevealRule.key(from: [share(1), share(4)], epochKey: key, identity: identity))
        let b = try #require(RevealRule.key(from: [share(3), share(2)], epochKey: key, identity: identity))
        #expect(a == b && a.verifies(masterKey: key.masterKey, identity: identity))
        #expect(a.point == identity.point.multiplied(by: Fr(11)))
    }

    @Test("a forged share (a real share of another height) never counts: with one honest share, nothing; with two, the key")
    func forgedSharesDoNotCount() throws {
        let key = epochKey
        let forged = share(2, for: EncryptionIdentity.height(10, epoch: 1, chainID: "bpi-test"))
        #expect(RevealRule.key(from: [forged, share(1)], epochKey: key, identity: identity) == nil)
        let revealed = try #require(RevealRule.key(from: [forged, share(1), share(4)], epochKey: key, identity: identity))
        #expect(revealed.verifies(masterKey: key.masterKey, identity: identity))
        #expect(RevealRule.key(from: [], epochKey: key, identity: identity) == nil)
    }

    @Test("--inject-bug single-share-reveal takes one share for the key: the key it gives is wrong")
    func singleShareBugIsWrong() throws {
        let key = epochKey
        let wrong = try #require(RevealRule.key(from: [share(3)], epochKey: key, identity: identity, bugs: .singleShareReveal))
        #expect(!wrong.verifies(masterKey: key.masterKey, identity: identity))
        #expect(RevealRule.key(from: [share(3)], epochKey: key, identity: identity, bugs: []) == nil)
    }
}
