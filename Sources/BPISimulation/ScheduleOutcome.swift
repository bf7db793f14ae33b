/// What one schedule did.
struct ScheduleOutcome: Sendable {
    var seed: UInt64
    var violations: [Violation] = []
    /// Highest round in which an honest validator decided.
    var decidedRound: UInt64 = 0
    /// Rounds past the highest honest round at GST before the last honest decision.
    var roundsAfterGST: UInt64 = 0
    var events = 0
    var refusedToSign = 0
    var halts = 0
    var bindingRefusals = 0
    var trace: [String] = []
}
