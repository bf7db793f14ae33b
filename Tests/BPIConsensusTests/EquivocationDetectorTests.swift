import BPIConsensus
import BPICrypto
import BPIHash
import BPIRules
import BPITestSupport
import BPITypes
import Testing

@Suite("Equivocation detector")
struct EquivocationDetectorTests {
    let fixture = IdentityOnlyValidators()
    var keys: [Ed25519PrivateKey] { fixture.keys }
    var set: ValidatorSet { fixture.set }

    func prepare(_ sender: Int, height: UInt64 = 5, round: UInt64 = 0, value: UInt8) -> VerifiedMessage {
        let m = ConsensusMessage(
            kind: .prepare, chainID: "bpi", height: height, round: round, sender: UInt64(sender), value: BLAKE3.hash([value]),
            payload: [],
            signer: keys[sender])
        return VerifiedMessage(m, signedIn: set)!
    }

    @Test("a conflicting second message yields evidence the light-client rules accept, once")
    func detects() throws {
        var d = EquivocationDetector(chainID: "bpi", set: set)
        let first = d.observe(prepare(2, value: 1))
        let repeated = d.observe(prepare(2, value: 1))  // the same message again is not evidence
        let conflicting = d.observe(prepare(2, value: 2))
        let again = d.observe(prepare(2, value: 3))  // already convicted for this slot
        #expect(first == nil && repeated == nil && again == nil)
        let evidence = try #require(conflicting)
        #expect(try evidence.verify(set: set, chainID: "bpi") == 2)
    }

    @Test("other rounds, heights, kinds or senders and foreign chains' messages are not evidence")
    func notEvidence() throws {
        var d = EquivocationDetector(chainID: "bpi", set: set)
        _ = d.observe(prepare(1, value: 1))
        #expect(d.observe(prepare(1, round: 1, value: 2)) == nil)
        #expect(d.observe(prepare(1, height: 6, value: 2)) == nil)
        #expect(d.observe(prepare(3, value: 2)) == nil)
        let foreign = ConsensusMessage(
            kind: .prepare, chainID: "other", height: 5, round: 0, sender: 1, value: BLAKE3.hash([7]), payload: [],
            signer: keys[1])
        #expect(d.observe(try #require(VerifiedMessage(foreign, signedIn: set))) == nil)
    }

    @Test("pruning forgets old heights")
    func prune() {
        var d = EquivocationDetector(chainID: "bpi", set: set)
        for h in 1...10 { _ = d.observe(prepare(0, height: UInt64(h), value: 1)) }
        #expect(d.remembered == 10)
        d.prune(below: 8)
        #expect(d.remembered == 3)
    }

    @Test(
        "memory is bounded against a validator that signs without limit: far heights are ignored, slots per sender and height are capped"
    )
    func bounded() throws {
        var d = EquivocationDetector(chainID: "bpi", set: set)
        d.prune(below: 5)
        // Height 5 + 17 is beyond the window: nothing is remembered, no evidence is possible.
        _ = d.observe(prepare(1, height: 5 + EquivocationDetector.maxHeightsAhead + 1, value: 1))
        #expect(d.remembered == 0)
        #expect(d.observe(prepare(1, height: 5 + EquivocationDetector.maxHeightsAhead + 1, value: 2)) == nil)
        // Below the floor: ignored too.
        _ = d.observe(prepare(1, height: 4, value: 1))
        #expect(d.remembered == 0)
        // One validator signing round after round at one height fills at most the cap.
        for r in 0..<UInt64(EquivocationDetector.maxSlotsPerSenderAndHeight + 50) {
            _ = d.observe(prepare(3, height: 6, round: r, value: 1))
        }
        #expect(d.remembered == EquivocationDetector.maxSlotsPerSenderAndHeight)
        // Others are unaffected, and equivocation inside the window is still caught.
        _ = d.observe(prepare(2, height: 6, value: 1))
        #expect(d.observe(prepare(2, height: 6, value: 2)) != nil)
    }
}
