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
    /// Honest validators that revealed the decided height's key.
    var reveals = 0
    /// Key shares refused because they did not verify or were not in their signer's name.
    var refusedShares = 0
    var trace: [String] = []
}
