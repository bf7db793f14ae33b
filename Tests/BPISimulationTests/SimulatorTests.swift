import BPISimulation
import BPITestSupport
import Foundation
import Testing

/// The randomized Byzantine harness: honest rules survive every schedule, every known-wrong
/// rule is caught, runs replay exactly, and no node can reach the bug switches.
@Suite("Byzantine simulator")
struct SimulatorTests {
    func run(_ n: Int, _ schedules: Int, seed: UInt64 = 1, bugs: [String] = [], trace: Bool = false) throws -> SimulationReport {
        try Simulator.run(SimulationOptions(validators: n, schedules: schedules, seed: seed, injectBugs: bugs, trace: trace))
    }

    /// 1,000 schedules with 4 validators and 400 with 7 (the 7-validator schedules cost about three
    /// times as much; each session's consensus changes run 1,000 of both with `bpi simulate`, and
    /// `bpi bench --only simulate` 100,000 and 10,000).
    @Test(
        "seeded schedules (1,000 with 4 validators, 400 with 7): no safety, validity, liveness, inclusion or decryption violation",
        arguments: [(4, 1_000), (7, 400)])
    func honestRules(n: Int, schedules: Int) throws {
        let report = try run(n, schedules, seed: 1)
        #expect(report.schedules == schedules)
        #expect(report.passed, "\(report.firstFailure.map { "\($0.property) at seed \($0.seed): \($0.detail)" } ?? "")")
        // The schedules did what they are for: every one decided, Byzantine proposers were refused,
        // validators lost their disk and halted, round changes happened.
        #expect(report.events > 100_000)
        #expect(report.bindingRefusals > 0 && report.halts > 0 && report.maxDecidedRound >= 3)
        // Every honest validator of every schedule revealed the key, and forged shares were refused.
        #expect(report.reveals >= schedules * (n - (n - 1) / 3) && report.refusedShares > 0)
    }

    @Test(
        "each injected bug is caught within 50 schedules of a known seed, and its first failing schedule replays with a trace showing the violation",
        arguments: [
            ("no-justification", 4, UInt64(7), Property.safety), ("no-lock", 4, UInt64(29), .safety),
            ("no-round-persistence", 4, UInt64(29), .safety), ("duplicate-votes", 7, UInt64(6_325), .safety),
            // A daRoot forger's block (committing an object no frame announced) is decided.
            ("no-da-root-check", 4, UInt64(41), .validity),
            // A censor's or a list equivocator's block (the listed frame left out) is decided.
            ("ignore-inclusion-list", 4, UInt64(38), .inclusion),
            // One share taken for the key: the well-formed encrypted frame opens as nothing.
            ("single-share-reveal", 4, UInt64(1), .decryption),
            // A set forger's header (naming a set no vote scheduled) is decided.
            ("no-next-set-check", 4, UInt64(63), .validity),
        ])
    func injectedBugsAreCaught(bug: String, validators: Int, from seed: UInt64, property: Property) throws {
        let report = try run(validators, 50, seed: seed, bugs: [bug])
        let first = try #require(report.firstFailure, "\(bug) was not caught in 50 schedules from seed \(seed)")
        #expect(!report.passed && first.property == property)
        #expect(first.trace.contains { $0.contains("VIOLATION") }, "the replayed trace must reach the violation")
        let replay = try run(validators, 1, seed: first.seed, bugs: [bug])
        #expect(replay.firstFailure?.detail == first.detail, "a schedule is a pure function of its seed")
        // The honest rules survive the very same schedules.
        #expect(try run(validators, 20, seed: seed).passed)
    }

    @Test(
        "no-round-persistence re-finds S1's fork: restarted in round 0, two validators COMMIT the round-0 value after a round-2 quorum"
    )
    func noRoundPersistenceReFindsTheFork() throws {
        let report = try run(4, 1, seed: 5_258, bugs: ["no-round-persistence"], trace: true)
        #expect(report.firstForkSeed == 5_258)
        #expect(report.violationsByCheck["fork"] == 1 && (report.violationsByCheck["round-rule"] ?? 0) >= 1)
        #expect(try run(4, 1, seed: 5_258).passed, "the same schedule with the real rules")
    }

    @Test("a schedule replays exactly: the same seed gives the same trace")
    func deterministic() throws {
        let a = try run(4, 1, seed: 42, trace: true)
        let b = try run(4, 1, seed: 42, trace: true)
        #expect(a.events == b.events && a.events > 0)
        #expect(a.maxDecidedRound == b.maxDecidedRound)
    }

    @Test("bad options are typed errors")
    func badOptions() {
        #expect(throws: Simulator.OptionsError.self) { try run(3, 10) }
        #expect(throws: Simulator.OptionsError.self) { try run(4, 0) }
        #expect(throws: Simulator.OptionsError.self) { try run(4, 1, bugs: ["no-such-bug"]) }
    }

    @Test("no node, tool or light-client source can reach the bug switches (the Simulation SPI)")
    func bugSwitchesStayOutOfNodes() throws {
        let sources = TestPaths.packageRoot.appendingPathComponent("Sources")
        let allowed: Set<String> = ["BPIRules", "BPIConsensus", "BPISimulation"]
        var checked = 0
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        for case let url as URL in files where url.pathExtension == "swift" {
            let target = url.path.dropFirst(sources.path.count + 1).split(separator: "/").first.map(String.init) ?? ""
            let text = try String(contentsOf: url, encoding: .utf8)
            checked += 1
            if !allowed.contains(target) {
                #expect(!text.contains("@_spi(Simulation)"), "\(url.path) imports the Simulation SPI")
                #expect(!text.contains(".injectedBugs ="), "\(url.path) sets injectedBugs")
            }
        }
        #expect(checked > 100, "the scan must have read the sources")
    }
}
