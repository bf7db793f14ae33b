/// One property violated in one schedule.
public struct Violation: Sendable, Codable, Equatable {
    /// The property.
    public var property: Property
    /// Which check of the property: `fork` (two values decided or each with a COMMIT quorum),
    /// `round-rule` (an honest validator signed below a round it had entered — the cause of S1,
    /// caught where it happens; the schedule goes on to see whether a fork follows),
    /// `light-client`, `unknown-value`, `stall`.
    public var check: String
    /// The schedule's seed (replay with `--seed S --schedules 1 --trace`).
    public var seed: UInt64
    /// What happened.
    public var detail: String
    /// The schedule's trace up to the violation (when tracing).
    public var trace: [String]
}
