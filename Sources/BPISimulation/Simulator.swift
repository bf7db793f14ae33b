@_spi(Simulation) import BPIConsensus
@_spi(Simulation) import BPIRules
import Foundation

/// The randomized Byzantine harness behind `bpi simulate` (docs/SPEC.md §7.7): runs seeded
/// schedules over the real consensus rules and reports every property violation. Deterministic
/// per seed: schedule k runs from seed `seed + k`, whatever the number of workers.
public enum Simulator {
    /// Why a simulation could not run.
    public struct OptionsError: Error, CustomStringConvertible, Sendable {
        /// What to change.
        public var description: String
    }

    /// Runs `options.schedules` schedules; `progress(done, total)` is called now and then.
    public static func run(
        _ options: SimulationOptions, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(OptionsError) -> SimulationReport {
        guard (4...19).contains(options.validators) else {
            throw OptionsError(description: "--validators must be 4…19 (got \(options.validators))")
        }
        guard options.schedules >= 1 else { throw OptionsError(description: "--schedules must be at least 1") }
        guard let bugs = options.bugs else {
            throw OptionsError(
                description:
                    "--inject-bug must be one of \(SimulationOptions.bugNames.joined(separator: ", ")) (got \(options.injectBugs.joined(separator: ", ")))"
            )
        }
        let chain = SimulatedChain.of(size: options.validators)
        let workers = max(1, options.workers > 0 ? options.workers : ProcessInfo.processInfo.activeProcessorCount)
        let lock = NSLock()
        nonisolated(unsafe) var outcomes: [ScheduleOutcome] = []
        nonisolated(unsafe) var done = 0
        let started = Date()
        let total = options.schedules
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var k = worker
            while k < total {
                let outcome = runOne(chain: chain, seed: options.seed &+ UInt64(k), bugs: bugs, options: options)
                let finished = lock.withLock {
                    outcomes.append(outcome)
                    done += 1
                    return done
                }
                if finished % 100 == 0 || finished == total { progress?(finished, total) }
                k += workers
            }
        }
        let seconds = Date().timeIntervalSince(started)
        var violations = Dictionary(uniqueKeysWithValues: Property.allCases.map { ($0.rawValue, 0) })
        var byCheck: [String: Int] = [:]
        for outcome in outcomes {
            for v in outcome.violations {
                violations[v.property.rawValue, default: 0] += 1
                byCheck[v.check, default: 0] += 1
            }
        }
        let firstFork = outcomes.filter { $0.violations.contains { $0.check == "fork" } }.map(\.seed).min()
        let failing = outcomes.filter { !$0.violations.isEmpty }.sorted { $0.seed < $1.seed }
        var first = failing.first?.violations.first
        if let seed = first?.seed {
            // Replayed with its trace: the schedule is a pure function of its seed.
            let traced = runOne(chain: chain, seed: seed, bugs: bugs, options: options, tracing: true)
            first?.trace = traced.trace
        }
        return SimulationReport(
            validators: options.validators, schedules: total, seed: options.seed,
            injectedBugs: options.injectBugs, violations: violations,
            violationsByCheck: byCheck, firstForkSeed: firstFork, failingSchedules: failing.count, firstFailure: first,
            schedulesPerSecond: Double(total) / max(seconds, 1e-9),
            seconds: seconds, maxDecidedRound: outcomes.map(\.decidedRound).max() ?? 0,
            maxRoundsAfterGST: outcomes.map(\.roundsAfterGST).max() ?? 0,
            refusedToSign: outcomes.reduce(0) { $0 + $1.refusedToSign },
            halts: outcomes.reduce(0) { $0 + $1.halts }, bindingRefusals: outcomes.reduce(0) { $0 + $1.bindingRefusals },
            reveals: outcomes.reduce(0) { $0 + $1.reveals },
            refusedShares: outcomes.reduce(0) { $0 + $1.refusedShares }, events: outcomes.reduce(0) { $0 + $1.events },
            trace: options.trace && total == 1 ? outcomes.first?.trace : nil)
    }

    static func runOne(
        chain: SimulatedChain, seed: UInt64, bugs: InjectedBugs, options: SimulationOptions, tracing: Bool? = nil
    ) -> ScheduleOutcome {
        var run = ScheduleRun(
            chain: chain, schedule: Schedule(seed: seed, validators: options.validators), bugs: bugs,
            tracing: tracing ?? options.trace)
        return run.run()
    }
}
