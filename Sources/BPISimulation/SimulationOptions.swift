@_spi(Simulation) import BPIConsensus
@_spi(Simulation) import BPIRules

/// What `bpi simulate` runs: how many validators, how many seeded schedules from which seed,
/// and which known-wrong rule (if any) to re-introduce.
public struct SimulationOptions: Sendable {
    /// Validators in the set (4…19, equal power).
    public var validators: Int
    /// Schedules to run; schedule k runs from seed `seed + k`, so any one replays alone.
    public var schedules: Int
    /// The first schedule's seed.
    public var seed: UInt64
    /// Known-wrong rules to re-introduce, by name (`bugNames`); never set in a node.
    public var injectBugs: [String]
    /// Keep each schedule's trace (for replaying one schedule).
    public var trace: Bool
    /// Worker threads (default: the machine's cores).
    public var workers: Int

    /// Options.
    public init(validators: Int, schedules: Int, seed: UInt64, injectBugs: [String] = [], trace: Bool = false, workers: Int = 0) {
        self.validators = validators
        self.schedules = schedules
        self.seed = seed
        self.injectBugs = injectBugs
        self.trace = trace
        self.workers = workers
    }

    /// The switches as the instance knows them (nil if a name is unknown).
    var bugs: InjectedBugs? {
        var bugs: InjectedBugs = []
        for name in injectBugs {
            guard let bug = InjectedBugs.named.first(where: { $0.name == name })?.bug else { return nil }
            bugs.insert(bug)
        }
        return bugs
    }

    /// The names of the bug switches: `no-justification`, `duplicate-votes`, `no-lock`,
    /// `no-round-persistence`, `no-da-root-check`, `ignore-inclusion-list`, `single-share-reveal`.
    public static var bugNames: [String] { InjectedBugs.named.map(\.name) }
}
