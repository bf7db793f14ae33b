import BPICodec
import BPICrypto
import BPIHash
import BPIRules
import BPITestSupport
import BPITypes
import Testing

/// L2 of issue 10: the header a PRE-PREPARE proposes is bound to its round and sender.
@Suite("Proposal binding")
struct ProposalBindingTests {
    let fixture = IdentityOnlyValidators()

    func header(round: UInt64, proposer: UInt64) -> Header {
        Header(
            chainID: "bpi", height: 3, round: round, timestamp: 1, prevHash: .zero, proposerIndex: proposer, vrfProof: [],
            vrfOutput: [], validatorSetHash: .zero, nextValidatorSetHash: .zero)
    }

    func prePrepare(round: UInt64, sender: Int, value: Hash32, justification: [ConsensusMessage] = []) -> ConsensusMessage {
        ConsensusMessage(
            kind: .prePrepare, chainID: "bpi", height: 3, round: round, sender: UInt64(sender), value: value,
            payload: justification.isEmpty ? [] : (try! CBOREncoder.encode(.array(justification.map(\.cbor)))),
            signer: fixture.keys[sender])
    }

    func roundChange(from i: Int, round: UInt64, prepared: (UInt64, Hash32)?) -> ConsensusMessage {
        ConsensusMessage(
            kind: .roundChange, chainID: "bpi", height: 3, round: round, sender: UInt64(i), value: prepared?.1 ?? .zero,
            payload: RoundChangeJustification.Payload(preparedRound: prepared?.0, prepares: []).encoded, signer: fixture.keys[i])
    }

    @Test("a fresh proposal names the PRE-PREPARE's round and sender; another round or proposer is refused")
    func freshProposal() {
        let h = header(round: 2, proposer: 1)
        #expect(ProposalBinding.violation(header: h, prePrepare: prePrepare(round: 2, sender: 1, value: h.hash)) == nil)
        #expect(ProposalBinding.violation(header: h, prePrepare: prePrepare(round: 2, sender: 3, value: h.hash)) != nil)
        // A round-0 leader naming a later round (the wedge of L2).
        let later = header(round: 5, proposer: 1)
        #expect(ProposalBinding.violation(header: later, prePrepare: prePrepare(round: 0, sender: 1, value: later.hash)) != nil)
        #expect(ProposalBinding.violation(header: h, prePrepare: prePrepare(round: 2, sender: 1, value: .zero)) != nil)
    }

    @Test("a re-proposal carries the prepared header unchanged: its round is at most the prepared round reported")
    func reProposal() {
        let h = header(round: 1, proposer: 0)
        let justified = [roundChange(from: 0, round: 4, prepared: (2, h.hash)), roundChange(from: 1, round: 4, prepared: nil)]
        #expect(
            ProposalBinding.violation(
                header: h, prePrepare: prePrepare(round: 4, sender: 3, value: h.hash, justification: justified)) == nil)
        // Without a justification reporting it prepared, an old-round header is refused.
        #expect(ProposalBinding.violation(header: h, prePrepare: prePrepare(round: 4, sender: 3, value: h.hash)) != nil)
        // Reported prepared in a round before the header's own round: impossible for an honest leader.
        let early = [roundChange(from: 0, round: 4, prepared: (0, h.hash))]
        #expect(
            ProposalBinding.violation(header: h, prePrepare: prePrepare(round: 4, sender: 3, value: h.hash, justification: early))
                != nil)
        // The prepared value reported is another header.
        let other = [roundChange(from: 0, round: 4, prepared: (2, .zero))]
        #expect(
            ProposalBinding.violation(header: h, prePrepare: prePrepare(round: 4, sender: 3, value: h.hash, justification: other))
                != nil)
    }
}
