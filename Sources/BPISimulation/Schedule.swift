/// The faults one schedule draws from its seed: who is Byzantine and how, how the network
/// misbehaves before the synchronous period (GST), and which validators crash, restart or lose
/// their disk. After GST every message arrives within 50 ms, partitions heal, crashed honest
/// validators restart and nothing crashes any more; Byzantine validators keep misbehaving.
struct Schedule: Sendable {
    struct Crash: Sendable {
        var validator: Int
        var at: UInt64
        /// Restart time (nil: restarted at GST).
        var restartAt: UInt64?
        /// Where in the validator's work the crash strikes.
        var point: CrashPoint
    }

    /// Where a crash strikes.
    enum CrashPoint: Sendable {
        /// At its time, between two events.
        case idle
        /// Right after the next sign-state write, before its message is sent.
        case betweenWriteAndSend
        /// Right after the validator next sends a COMMIT in a round past 0 (it has just moved
        /// its lock); restarted 100…2,000 ms later.
        case afterLaterRoundCommit
    }

    struct Partition: Sendable {
        var from: UInt64
        var until: UInt64
        /// Group of each validator slot: messages cross only within a group.
        var groups: [Int]
    }

    var seed: UInt64
    var byzantine: [Int: ByzantineRole]
    var dropRate: Double
    var duplicateRate: Double
    var maxDelay: UInt64
    var crashes: [Crash]
    var partitions: [Partition]
    /// A validator whose disk starts failing at the given time (it must halt), fixed at GST.
    var diskFailure: (validator: Int, at: UInt64)?
    var gst: UInt64
    /// Before GST, COMMITs mostly reach only this validator (nil: no such fault).
    var commitsReachOnly: Int?
    /// Before GST, round-0 PREPAREs mostly reach only this validator: it alone locks (S1's start).
    var preparesReachOnly: Int?

    /// Draws the schedule of `seed` for `n` validators.
    init(seed: UInt64, validators n: Int) {
        self.seed = seed
        var rng = SimulationRandom(seed: seed)
        let f = (n - 1) / 3
        let byzantineCount = Int.random(in: 0...f, using: &rng)
        var indices = Array(0..<n)
        indices.shuffle(using: &rng)
        byzantine = [:]
        for i in indices.prefix(byzantineCount) { byzantine[i] = ByzantineRole.allCases.randomElement(using: &rng)! }
        let honest = indices.dropFirst(byzantineCount)
        gst = UInt64.random(in: 0...12_000, using: &rng)
        dropRate = [0, 0.05, 0.2, 0.4].randomElement(using: &rng)!
        duplicateRate = [0, 0.1].randomElement(using: &rng)!
        maxDelay = [5, 100, 600, 2_000].randomElement(using: &rng)!
        crashes = []
        for _ in 0..<Int.random(in: 0...3, using: &rng) where gst > 0 {
            let at = UInt64.random(in: 0..<gst, using: &rng)
            let back = rng.chance(0.7) ? UInt64.random(in: at...gst, using: &rng) : nil
            let point = [CrashPoint.idle, .betweenWriteAndSend, .afterLaterRoundCommit].randomElement(using: &rng)!
            crashes.append(Crash(validator: honest.randomElement(using: &rng)!, at: at, restartAt: back, point: point))
        }
        partitions = []
        for _ in 0..<Int.random(in: 0...2, using: &rng) where gst > 0 {
            let from = UInt64.random(in: 0..<gst, using: &rng)
            let until = UInt64.random(in: from...gst, using: &rng)
            partitions.append(
                Partition(from: from, until: until, groups: (0...n).map { _ in Int.random(in: 0...1, using: &rng) }))
        }
        commitsReachOnly = rng.chance(0.3) ? Int.random(in: 0..<n, using: &rng) : nil
        preparesReachOnly = rng.chance(0.3) ? Int.random(in: 0..<n, using: &rng) : nil
        diskFailure =
            rng.chance(0.1) && gst > 0 ? (honest.randomElement(using: &rng)!, UInt64.random(in: 0..<gst, using: &rng)) : nil
    }

    /// One line describing the schedule (the first line of a trace).
    var summary: String {
        let roles = byzantine.sorted { $0.key < $1.key }.map { "v\($0.key)=\($0.value.rawValue)" }.joined(separator: ",")
        return "schedule seed=\(seed) byzantine=[\(roles)] drop=\(dropRate) dup=\(duplicateRate) max_delay=\(maxDelay)ms "
            + "commits_reach_only=\(commitsReachOnly.map { "v\($0)" } ?? "all") "
            + "round0_prepares_reach_only=\(preparesReachOnly.map { "v\($0)" } ?? "all") crashes=\(crashes.count) partitions=\(partitions.count) disk_failure=\(diskFailure.map { "v\($0.validator)" } ?? "none") gst=\(gst)ms"
    }
}
