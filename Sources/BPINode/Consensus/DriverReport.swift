import BPIHash
import BPITypes

/// What happened inside the consensus driver that an operator counts or reads in the log; the
/// validator service turns each into metrics and a log line and takes no decision on it.
public enum DriverReport: Sendable {
    /// A round's timer was started (round > 0: a round change).
    case round(height: UInt64, round: UInt64)
    /// A block decided here was verified and stored, `latencyMs` after its header's timestamp.
    case finalized(FinalizedBlock, round: UInt64, latencyMs: Double)
    /// A block joined the stored chain (decided here or fetched by sync).
    case stored(FinalizedBlock)
    /// Sync stored `blocks` blocks; the chain is now at `height`.
    case synced(blocks: Int, height: UInt64)
    /// A finalized block failed the light-client rules or could not be stored.
    case blockRefused(height: UInt64, reason: String)
    /// Equivocation was seen and stored as evidence.
    case evidence(EquivocationEvidence)
    /// A refused proposal left out a listed frame the decided block carried: missed-inclusion
    /// evidence, offered to this validator's proposals (§17.3).
    case missedInclusion(MissedInclusionEvidence)
    /// Evidence could not be stored (not a safety path: the validator goes on).
    case evidenceNotStored(String)
    /// A message or block was refused; `reason` is worth a warning when present.
    case refused(what: String, height: UInt64, reason: String?)
    /// The double-sign guard refused to sign a message conflicting with one signed before.
    case refusedToSign(ConsensusMessage)
    /// A height in flight before a restart was resumed with its lock.
    case resumed(height: UInt64, round: UInt64, lockedRound: UInt64)
    /// A quorum's commits decided the height, but the block never arrived: sync will fetch it.
    case decidedWithoutBlock(height: UInt64)
}
