import BPICrypto
import BPIHash
import BPIRules
import BPITestSupport
import BPITypes
import Testing

@Suite("Round-change justification (QBFT)")
struct RoundChangeJustificationTests {
    let fixture = IdentityOnlyValidators()
    var keys: [Ed25519PrivateKey] { fixture.keys }
    var set: ValidatorSet { fixture.set }
    let chain = "bpi", height: UInt64 = 9
    let a = BLAKE3.hash([0xA]), b = BLAKE3.hash([0xB])

    func prepare(_ sender: Int, round: UInt64, value: Hash32) -> ConsensusMessage {
        ConsensusMessage(
            kind: .prepare, chainID: chain, height: height, round: round, sender: UInt64(sender), value: value, payload: [],
            signer: keys[sender])
    }

    func roundChange(_ sender: Int, round: UInt64, prepared: (UInt64, Hash32)? = nil) -> ConsensusMessage {
        let payload: RoundChangeJustification.Payload
        if let (r, v) = prepared {
            payload = .init(preparedRound: r, prepares: (0..<3).map { prepare($0, round: r, value: v) })
        } else {
            payload = .init(preparedRound: nil, prepares: [])
        }
        return ConsensusMessage(
            kind: .roundChange, chainID: chain, height: height, round: round, sender: UInt64(sender), value: prepared?.1 ?? .zero,
            payload: payload.encoded, signer: keys[sender])
    }

    @Test("a quorum with nothing prepared justifies any proposal; below quorum or duplicates do not")
    func quorum() throws {
        try RoundChangeJustification.verify(
            proposal: a, chainID: chain, height: height, round: 2, roundChanges: (0..<3).map { roundChange($0, round: 2) },
            set: set)
        #expect(throws: TypesError.self) {
            try RoundChangeJustification.verify(
                proposal: a, chainID: chain, height: height, round: 2, roundChanges: (0..<2).map { roundChange($0, round: 2) },
                set: set)
        }
        #expect(throws: TypesError.self) {
            try RoundChangeJustification.verify(
                proposal: a, chainID: chain, height: height, round: 2,
                roundChanges: [roundChange(0, round: 2), roundChange(0, round: 2), roundChange(1, round: 2)],
                set: set)
        }
    }

    @Test("a prepared value must be re-proposed: the highest prepared round wins")
    func lockedValue() throws {
        let changes = [
            roundChange(0, round: 3, prepared: (1, a)), roundChange(1, round: 3, prepared: (2, b)), roundChange(2, round: 3),
        ]
        try RoundChangeJustification.verify(
            proposal: b, chainID: chain, height: height, round: 3, roundChanges: changes, set: set)
        #expect(throws: TypesError.self) {
            try RoundChangeJustification.verify(
                proposal: a, chainID: chain, height: height, round: 3, roundChanges: changes, set: set)
        }
    }

    @Test("forged prepare certificates and messages for other rounds are refused")
    func forgeries() throws {
        var forged = roundChange(0, round: 3, prepared: (1, a))
        var payload = try RoundChangeJustification.Payload(encoded: forged.payload)
        payload.prepares[1].value = b  // a prepare for another value: its signature no longer matches
        forged = ConsensusMessage(
            kind: .roundChange, chainID: chain, height: height, round: 3, sender: 0, value: a, payload: payload.encoded,
            signer: keys[0])
        #expect(throws: TypesError.self) {
            try RoundChangeJustification.verify(
                proposal: a, chainID: chain, height: height, round: 3,
                roundChanges: [forged, roundChange(1, round: 3), roundChange(2, round: 3)], set: set)
        }
        #expect(throws: TypesError.self) {
            try RoundChangeJustification.verify(
                proposal: a, chainID: chain, height: height, round: 3, roundChanges: (0..<3).map { roundChange($0, round: 2) },
                set: set)
        }
        try RoundChangeJustification.verify(proposal: a, chainID: chain, height: height, round: 0, roundChanges: [], set: set)
    }
}
