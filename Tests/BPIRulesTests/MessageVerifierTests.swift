import BPICrypto
import BPIHash
import BPIRules
import BPITestSupport
import BPITypes
import Testing

/// Signatures of received consensus messages are checked once, on receipt: a `VerifiedMessage`
/// exists only for a valid signature of a member, and the verifier's memory of checked messages
/// never lets a copied signature vouch for other content.
@Suite("Message verification on receipt")
struct MessageVerifierTests {
    let fixture = IdentityOnlyValidators()
    var keys: [Ed25519PrivateKey] { fixture.keys }
    var set: ValidatorSet { fixture.set }

    func prepare(_ sender: Int, height: UInt64 = 5, value: UInt8 = 1, signer: Int? = nil) -> ConsensusMessage {
        ConsensusMessage(
            kind: .prepare, chainID: "bpi", height: height, round: 0, sender: UInt64(sender), value: BLAKE3.hash([value]),
            payload: [], signer: keys[signer ?? sender])
    }

    @Test("a member's valid signature verifies; another signer, an outsider index or changed fields do not")
    func verifiesSignatures() {
        #expect(VerifiedMessage(prepare(1), signedIn: set)?.message == prepare(1))
        #expect(VerifiedMessage(prepare(1, signer: 2), signedIn: set) == nil)
        var outsider = prepare(1)
        outsider.sender = UInt64(set.count)
        #expect(VerifiedMessage(outsider, signedIn: set) == nil)
        var tampered = prepare(1)
        tampered.round = 1
        #expect(VerifiedMessage(tampered, signedIn: set) == nil)
        var otherPayload = prepare(1)
        otherPayload.payload = [0]
        #expect(VerifiedMessage(otherPayload, signedIn: set) == nil)
    }

    @Test("a re-sent message is remembered; a remembered signature copied onto other content is still refused")
    func remembersOnlyIdenticalMessages() {
        var verifier = MessageVerifier(set: set)
        let m = prepare(2)
        #expect(verifier.verify(m) != nil)
        #expect(verifier.remembered == 1)
        #expect(verifier.verify(m)?.message == m)
        #expect(verifier.remembered == 1)
        var copied = prepare(2, value: 9)
        copied.signature = m.signature
        #expect(verifier.verify(copied) == nil)
        var forged = prepare(3, value: 9)
        forged.signature = keys[0].sign(forged.signedBytes)
        #expect(verifier.verify(forged) == nil)
        #expect(verifier.remembered == 1)
    }

    @Test("memory is bounded: pruned by height and capped")
    func bounded() {
        var verifier = MessageVerifier(set: set)
        for h in 1...6 { _ = verifier.verify(prepare(0, height: UInt64(h))) }
        #expect(verifier.remembered == 6)
        verifier.prune(below: 5)
        #expect(verifier.remembered == 2)
        var small = MessageVerifier(set: set, capacity: 4)
        for v in 0..<4 { _ = small.verify(prepare(1, value: UInt8(v))) }
        #expect(small.remembered == 4)
        // The fifth starts the memory again: it never holds more than its capacity.
        #expect(small.verify(prepare(1, value: 4)) != nil)
        #expect(small.remembered == 1)
        // Forgotten messages still verify, checked again.
        #expect(small.verify(prepare(1, value: 0)) != nil)
        #expect(small.remembered == 2)
    }
}
