import BPIConsensus
import BPICrypto
import BPIHash
import BPITestSupport
import BPITypes
import Testing

@Suite("Equivocation detector")
struct EquivocationDetectorTests {
    let fixture = IdentityOnlyValidators()
    var keys: [Ed25519PrivateKey] { fixture.keys }
    var set: ValidatorSet { fixture.set }

    func prepare(_ sender: Int, height: UInt64 = 5, round: UInt64 = 0, value: UInt8) -> ConsensusMessage {
        ConsensusMessage(
            kind: .prepare, chainID: "bpi", height: height, round: round, sender: UInt64(sender), value: BLAKE3.hash([value]),
            payload: [],
            signer: keys[sender])
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

    @Test("other rounds, heights, kinds or senders, forged and foreign messages are not evidence")
    func notEvidence() {
        var d = EquivocationDetector(chainID: "bpi", set: set)
        _ = d.observe(prepare(1, value: 1))
        #expect(d.observe(prepare(1, round: 1, value: 2)) == nil)
        #expect(d.observe(prepare(1, height: 6, value: 2)) == nil)
        #expect(d.observe(prepare(3, value: 2)) == nil)
        var forged = prepare(1, value: 9)
        forged.signature = keys[0].sign(forged.signedBytes)
        #expect(d.observe(forged) == nil)
        let foreign = ConsensusMessage(
            kind: .prepare, chainID: "other", height: 5, round: 0, sender: 1, value: BLAKE3.hash([7]), payload: [],
            signer: keys[1])
        #expect(d.observe(foreign) == nil)
    }

    @Test("pruning forgets old heights")
    func prune() {
        var d = EquivocationDetector(chainID: "bpi", set: set)
        for h in 1...10 { _ = d.observe(prepare(0, height: UInt64(h), value: 1)) }
        #expect(d.remembered == 10)
        d.prune(below: 8)
        #expect(d.remembered == 3)
    }
}
