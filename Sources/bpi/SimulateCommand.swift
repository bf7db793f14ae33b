import ArgumentParser
import BPISimulation
import BPITools
import Foundation

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract:
            "Run the randomized Byzantine harness over the real IBFT rules and report any safety, validity, liveness, inclusion or decryption violation.",
        discussion: """
            Each schedule (deterministic per seed; schedule k uses seed S+k) runs one height of the real IBFT instance, \
            block-validity, proposal-binding and light-client rules, with in-memory sign-state stores of the node's semantics, \
            over a virtual-time network that drops, duplicates, delays, reorders and partitions, while validators crash and \
            restart (also between a sign-state write and the send) or lose their disk, and up to f validators are Byzantine \
            (equivocator, replayer, bogus round changer, wrong-round proposer, data-availability root forger, censor, \
            inclusion-list equivocator, key-share withholder, key-share forger, twins, duplicate voter, silent). Safety, \
            validity and inclusion are checked at every decision and COMMIT; liveness after the synchronous period that ends \
            every schedule; decryption as the decided height's key is revealed from key shares (nothing readable before \
            finality, every honest validator opening every encrypted frame correctly within one block). \
            --inject-bug re-introduces a known-wrong rule (never available to a node) to show the harness catches it. \
            Exit status: 0 nothing violated, 1 a property was violated, 64 bad usage.
            """)
    @Option(help: "Validators per schedule (4…19).") var validators = 4
    @Option(help: "Number of schedules.") var schedules = 1_000
    @Option(help: "Seed of the first schedule.") var seed: UInt64 = 1
    @Option(
        name: .customLong("inject-bug"),
        help: ArgumentHelp(
            "Re-introduce a known-wrong rule (repeatable).", valueName: SimulationOptions.bugNames.joined(separator: "|")))
    var injectBug: [String] = []
    @Option(help: "Worker threads (default: one per core).") var workers = 0
    @Flag(help: "Keep every schedule's trace (for replaying one schedule).") var trace = false
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        for bug in injectBug where !SimulationOptions.bugNames.contains(bug) {
            throw ValidationError("--inject-bug must be one of \(SimulationOptions.bugNames.joined(separator: ", ")); got \(bug)")
        }
        guard (4...19).contains(validators) else { throw ValidationError("--validators must be 4…19") }
        guard schedules >= 1 else { throw ValidationError("--schedules must be at least 1") }
    }

    func run() throws {
        var report: SimulationReport?
        try runTool {
            let options = SimulationOptions(
                validators: validators, schedules: schedules, seed: seed, injectBugs: injectBug, trace: trace, workers: workers)
            report = try SimulateTool.run(options) { FileHandle.standardError.write(Data("… \($0)\n".utf8)) }
        }
        guard let report else { return }
        print(json ? SimulateTool.json(report) : SimulateTool.text(report))
        if !report.passed { throw ExitCode(1) }
    }
}
