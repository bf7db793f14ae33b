import BPISimulation
import BPIToolKit
import Foundation

/// `bpi simulate`: runs the randomized Byzantine harness and renders what it found.
public enum SimulateTool {
    /// Runs the schedules; progress goes to `progress`. Throws `.badInput` for bad options.
    public static func run(_ options: SimulationOptions, progress: @escaping @Sendable (String) -> Void) throws(ToolError)
        -> SimulationReport
    {
        do {
            return try Simulator.run(options) { done, total in progress("\(done)/\(total) schedules") }
        } catch {
            throw .badInput(error.description)
        }
    }

    /// The report for people: schedules, rate, violations by property, the first failing seed,
    /// how to replay it, and its trace.
    public static func text(_ r: SimulationReport, traceLines: Int = 400) -> String {
        let seeds = "seeds \(r.seed)…\(r.seed &+ UInt64(r.schedules - 1))"
        let bugs = r.injectedBugs.isEmpty ? "none" : r.injectedBugs.joined(separator: ", ")
        let counts: [String] = Property.allCases.map(\.rawValue).map { "\($0) \(r.violations[$0] ?? 0)" }
        var lines: [String] = []
        lines.append("validators \(r.validators), schedules \(r.schedules) (\(seeds)), injected bugs: \(bugs)")
        lines.append(String(format: "%.1f schedules/s over %.1f s, %d events", r.schedulesPerSecond, r.seconds, r.events))
        lines.append("violations: \(counts.joined(separator: ", ")) (\(r.failingSchedules) failing schedules)")
        if !r.violationsByCheck.isEmpty {
            let checks = r.violationsByCheck.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("by check: \(checks)\(r.firstForkSeed.map { "; first fork at seed \($0)" } ?? "")")
        }
        lines.append(
            "highest decided round \(r.maxDecidedRound); at most \(r.maxRoundsAfterGST) rounds past the highest round at GST")
        lines.append(
            "\(r.refusedToSign) signatures refused by the guard, \(r.bindingRefusals) proposals refused by the binding rule, "
                + "\(r.halts) halts on a failing disk")
        lines.append("\(r.reveals) key reveals by honest validators, \(r.refusedShares) forged key shares refused")
        if let first = r.firstFailure {
            let bugs = r.injectedBugs.map { " --inject-bug \($0)" }.joined()
            lines.append("first failing seed \(first.seed): \(first.property.rawValue) (\(first.check)): \(first.detail)")
            lines.append("replay: bpi simulate --validators \(r.validators) --schedules 1 --seed \(first.seed)\(bugs) --trace")
            lines.append(
                "trace (\(first.trace.count) lines\(first.trace.count > traceLines ? ", last \(traceLines) shown" : "")):")
            lines += first.trace.suffix(traceLines).map { "  " + $0 }
        } else {
            lines.append("no property violated")
            if let trace = r.trace {
                lines.append("trace (\(trace.count) lines\(trace.count > traceLines ? ", last \(traceLines) shown" : "")):")
                lines += trace.suffix(traceLines).map { "  " + $0 }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The report as JSON.
    public static func json(_ r: SimulationReport) -> String {
        String(decoding: ToolJSON.encode(r, pretty: true) ?? Data("{}".utf8), as: UTF8.self)
    }
}
