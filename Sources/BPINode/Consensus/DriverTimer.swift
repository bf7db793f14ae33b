/// A timer the consensus driver asks for (`DriverEffect.schedule`); the service delivers it back
/// as the matching `DriverInput` when it fires.
public enum DriverTimer: Sendable, Equatable {
    /// Start this height (the previous one is stored and the block time has passed).
    case startHeight(UInt64)
    /// The round-change timer of this height and round.
    case timeout(height: UInt64, round: UInt64)
}
