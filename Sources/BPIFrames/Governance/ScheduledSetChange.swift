import BPITypes

/// A validator-set change the votes decided.
public struct ScheduledSetChange: Sendable, Equatable {
    /// The new set.
    public let set: ValidatorSet
    /// The height of the block whose votes decided it.
    public let decidedAt: UInt64
    /// The first height the new set signs (a key-epoch start).
    public let activation: UInt64
}
