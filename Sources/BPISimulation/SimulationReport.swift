/// What `bpi simulate` found over all its schedules.
public struct SimulationReport: Sendable, Codable {
    /// Validators per schedule.
    public var validators: Int
    /// Schedules run.
    public var schedules: Int
    /// The first schedule's seed.
    public var seed: UInt64
    /// The bug switches in force.
    public var injectedBugs: [String]
    /// Violations per property (every property listed, zero when none).
    public var violations: [String: Int]
    /// Violations per check (`fork`, `round-rule`, `light-client`, `unknown-value`, `stall`).
    public var violationsByCheck: [String: Int]
    /// The first schedule (lowest seed) with a fork, if any: the harness's strongest finding.
    public var firstForkSeed: UInt64?
    /// Schedules with at least one violation.
    public var failingSchedules: Int
    /// The first failing schedule (lowest seed), with its trace.
    public var firstFailure: Violation?
    /// Schedules run per second (wall clock, all workers).
    public var schedulesPerSecond: Double
    /// Wall-clock seconds.
    public var seconds: Double
    /// Highest round an honest validator decided in, over all schedules.
    public var maxDecidedRound: UInt64
    /// Most rounds past the highest honest round at GST before the last honest decision.
    public var maxRoundsAfterGST: UInt64
    /// Messages refused by the double-sign guard (restarts re-deriving a different message).
    public var refusedToSign: Int
    /// Validators that halted on a failing disk.
    public var halts: Int
    /// PRE-PREPAREs refused by the proposal-binding rule.
    public var bindingRefusals: Int
    /// Honest validators that revealed the decided height's key and opened its frames.
    public var reveals: Int
    /// Key shares refused on receipt (forged, or in another participant's name).
    public var refusedShares: Int
    /// Events simulated.
    public var events: Int
    /// The trace of the only schedule, when one schedule ran with tracing (passing or not).
    public var trace: [String]?

    /// Whether no property was violated.
    public var passed: Bool { failingSchedules == 0 }
}
