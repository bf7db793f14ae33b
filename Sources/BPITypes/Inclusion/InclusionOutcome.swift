/// What became of one inclusion obligation in the block it bound (docs/SPEC.md §17.2): the frame
/// is in the block, or one of the reject grounds holds for it at the end of the block. Every
/// validator derives the outcome from the block and the finalized ledger; the proposer only
/// commits to it (`inclusionRoot`).
public enum InclusionOutcome: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    /// The block carries the frame.
    case included = 0
    /// Its nonce is used or its nonce chain moved on (another frame of the sender took its place).
    case nonceUsed = 1
    /// Its tick is older than the tick window allows at this height.
    case tickTooOld = 2
    /// The block already holds `Block.maxFrames` frames.
    case blockFull = 3
    /// Any other frame rule refuses it at the end of the block (its sender is gone, a per-block
    /// budget is spent, a rule of its kind fails).
    case invalid = 4

    /// The outcome's name.
    public var description: String {
        switch self {
        case .included: return "included"
        case .nonceUsed: return "nonce-used"
        case .tickTooOld: return "tick-too-old"
        case .blockFull: return "block-full"
        case .invalid: return "invalid"
        }
    }

    /// Whether the block left the frame out (a reject ground).
    public var isReject: Bool { self != .included }
}
