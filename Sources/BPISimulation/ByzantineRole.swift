/// How a Byzantine validator of a schedule misbehaves. Each runs a working IBFT instance of its
/// own (so it also helps, or pretends to) and adds its misbehaviour around it, signing with its
/// real key outside any double-sign guard.
public enum ByzantineRole: String, Sendable, CaseIterable, Codable {
    /// Sends two different valid blocks and PRE-PREPAREs when it leads, to different halves,
    /// and PREPAREs and COMMITs (with valid seals) every value it sees.
    case equivocator
    /// Keeps every message and block it receives and re-sends old ones to random validators.
    case replayer
    /// Sends ROUND-CHANGEs for later rounds claiming prepared values it cannot back: no
    /// certificate, a certificate of its own PREPARE repeated, or real PREPAREs of another round.
    case bogusRoundChanger
    /// When it leads, proposes a header that names another round or another proposer.
    case wrongRoundProposer
    /// When it leads, proposes a block whose `daRoot` commits a data-availability object that no
    /// da-commit frame of the block carries (docs/SPEC.md §15.3): data it never announced.
    case daRootForger
    /// When it leads, proposes a header naming a validator set no vote scheduled as the next
    /// (docs/SPEC.md §19): a set in which it holds nearly all the power — a takeover in one header.
    case setForger
    /// When it leads, proposes a block that leaves out the frame the inclusion lists name,
    /// claiming a reject ground that does not hold (docs/SPEC.md §17.2).
    case censor
    /// When it leads, proposes a block answering a list of its own that conflicts with the one
    /// on the chain (a frame the chain's lists do not name, in place of the one they do).
    case listEquivocator
    /// Never publishes its key share for the decided height (docs/SPEC.md §16.4).
    case shareWithholder
    /// Publishes a forged key share in its name — its share for another height — before the
    /// height is final and again when it decides.
    case shareForger
    /// Two validator processes share its key, each with its own state (Twins).
    case twins
    /// Signs several PREPAREs per round for the values it sees, differing only in payload.
    case duplicateVoter
    /// Crashed for good from the start.
    case silent
}
