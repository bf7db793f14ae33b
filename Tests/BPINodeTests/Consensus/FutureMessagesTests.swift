import BPICrypto
import BPIHash
import BPINode
import BPIRules
import BPITestSupport
import BPITypes
import Testing

/// Messages for later heights (signatures checked on receipt): bounded per sender and height,
/// pruned when the height moves.
@Suite("Future-height message buffer")
struct FutureMessagesTests {
    let fixture = IdentityOnlyValidators()
    var keys: [Ed25519PrivateKey] { fixture.keys }
    var set: ValidatorSet { fixture.set }

    func message(from i: Int, height: UInt64, round: UInt64 = 0) -> VerifiedMessage {
        let m = ConsensusMessage(
            kind: .prepare, chainID: "bpi", height: height, round: round, sender: UInt64(i),
            value: BLAKE3.hash([UInt8(truncatingIfNeeded: round)]),
            payload: [], signer: keys[i])
        return VerifiedMessage(m, signedIn: set)!
    }

    @Test("far-future and past messages are refused; each sender gets at most 64 per height")
    func bounds() {
        var buffer = FutureMessages()
        let added2 = buffer.add(message(from: 1, height: 5 + FutureMessages.maxHeightsAhead + 1), currentHeight: 5)
        #expect(!added2)
        let added3 = buffer.add(message(from: 1, height: 4), currentHeight: 5)
        #expect(!added3, "a past height")
        for r in 0..<UInt64(FutureMessages.perSenderAndHeight) {
            let added4 = buffer.add(message(from: 1, height: 6, round: r), currentHeight: 5)
            #expect(added4)
        }
        let added5 = buffer.add(message(from: 1, height: 6, round: 999), currentHeight: 5)
        #expect(!added5, "sender 1 is full at height 6")
        let added6 = buffer.add(message(from: 2, height: 6), currentHeight: 5)
        #expect(added6, "other senders are not crowded out")
        let added7 = buffer.add(message(from: 1, height: 7), currentHeight: 5)
        #expect(added7)
        #expect(buffer.count == FutureMessages.perSenderAndHeight + 2)
        let taken = buffer.take(height: 6)
        #expect(taken.count == FutureMessages.perSenderAndHeight + 1)
        #expect(buffer.count == 1)
        buffer.prune(below: 8)
        #expect(buffer.count == 0)
    }
}
