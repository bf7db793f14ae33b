import BPITypes

/// The binding of a header to the PRE-PREPARE that proposes it (docs/SPEC.md §7.3, "Proposal
/// binding"). A header proposed fresh in round r names round r and its proposer is the
/// PRE-PREPARE's sender, the leader of r. A re-proposal (round r > 0 whose justification reports
/// a prepared value) carries the prepared header unchanged: it names the round it was first
/// proposed in, which is at most the reported prepared round, and that round's leader. Either way
/// the commit round is at least the header's round, so a decided header always passes the light
/// client's `commit.round ≥ header.round` rule.
public enum ProposalBinding {
    /// Why `header` may not be the proposal of `prePrepare`, or nil when it may. The header's
    /// proposer and VRF are `ProposerProof`'s check, and the justification's signatures the IBFT
    /// instance's; this rule only binds the two messages.
    public static func violation(header: Header, prePrepare m: ConsensusMessage) -> String? {
        guard m.kind == .prePrepare, header.hash == m.value, header.height == m.height, header.chainID == m.chainID else {
            return "the header is not the value of the PRE-PREPARE"
        }
        if header.round == m.round {
            return header.proposerIndex == m.sender ? nil : "the header's proposer is not the PRE-PREPARE's sender"
        }
        guard header.round < m.round, m.round > 0,
            let prepared = RoundChangeJustification.highestPrepared(inJustification: m.payload), prepared.value == m.value,
            header.round <= prepared.round
        else {
            return "the header names round \(header.round) but is proposed in round \(m.round) without being the value prepared"
        }
        return nil
    }
}
