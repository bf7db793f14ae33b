import ArgumentParser
import BPIDockLock
import BPIToolKit
import BPITools
import BPITypes
import Foundation

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a workload in its DockLock cage and print its receipt (docs/SPEC.md §13).",
        discussion: """
            Runs a WebAssembly module (--wasm, or --wat for text) under the deterministic WASI, or a static Linux \
            program (--native) under the seccomp cage. The program sees the files of --input (flat) in /in, writes \
            new files in /out, reads a logical clock (--time-ms) and a random stream seeded by --seed-hex, and \
            nothing else. Written to --out: stdout, stderr, files/NAME for each file it wrote, and witness.log, \
            from which bpi receipt replay re-executes the run. The receipt is printed as JSON (and written as \
            canonical CBOR to --receipt-out): the same bytes on every run and machine. Exit 0 when the run \
            completed (whatever the program's own exit code or trap, which the receipt records), 1 when a limit \
            or the cage stopped it (the receipt says which), 2 for a module refused at load or bad options.
            """)

    @Option(help: "A WebAssembly binary module.") var wasm: String?
    @Option(help: "A WebAssembly text module (compiled with WasmKit's parser).") var wat: String?
    @Option(help: "A statically linked Linux executable, run under the seccomp cage.") var native: String?
    @Option(
        help: ArgumentHelp(
            "A built-in example workload: \(ExampleWorkload.allCases.map(\.rawValue).joined(separator: ", ")).",
            discussion: "bpi run --example wordcount --input DIR expects DIR/doc.txt.")) var example: String?
    @Option(help: "A directory whose files the program reads in /in.") var input: String?
    @Option(help: "Fuel: WebAssembly instructions (native: CPU milliseconds).") var fuel: UInt64 = RunLimits.standard.fuel
    @Option(help: "Largest memory, in 64 KiB pages.") var memoryPages: UInt64 = RunLimits.standard.memoryPages
    @Option(help: "Largest total output, in bytes.") var outputBytes: UInt64 = RunLimits.standard.outputBytes
    @Option(help: "The run's 32-byte seed, hex (default: zero).") var seedHex: String?
    @Option(help: "The logical time the clock reads, ms since the epoch.") var timeMs: UInt64 = 0
    @Option(name: .customLong("arg"), help: "An argument (repeat; the first is the program's name; default 'workload').")
    var args: [String] = []
    @Option(name: .customLong("env"), help: "An environment entry KEY=VALUE (repeat; nothing else is set).")
    var env: [String] = []
    @Option(help: "Directory for stdout, stderr, files/ and witness.log.") var out: String
    @Option(help: "Also write the receipt as canonical CBOR here.") var receiptOut: String?
    @Option(help: "Run under this agreement bundle (agreementc build): its pre hooks decide, its post hooks judge.")
    var agreement: String?
    @Option(help: "A zero-knowledge claim file (agreementc claim) the run carries: verified against --agreement's key first.")
    var claim: String?
    @Flag(help: "Replace what --out holds.") var force = false
    @Flag(help: "Print JSON (the default; kept for scripts that pass it everywhere).") var json = false

    func run() throws {
        try runTool {
            let sources = [
                wasm.map { RunTool.Request.Source.wasm($0) }, wat.map { .wat($0) }, native.map { .native($0) },
                example.map { .example($0) },
            ]
            .compactMap { $0 }
            guard sources.count == 1, let source = sources.first else {
                throw ToolError.badInput("give exactly one of --wasm, --wat, --native, --example")
            }
            let limits = RunLimits(fuel: fuel, memoryPages: memoryPages, outputBytes: outputBytes)
            let max = RunLimits.maximum
            guard (1...max.fuel).contains(fuel), (1...max.memoryPages).contains(memoryPages), outputBytes <= max.outputBytes
            else {
                throw ToolError.badInput(
                    "--fuel 1…\(max.fuel), --memory-pages 1…\(max.memoryPages), --output-bytes ≤ \(max.outputBytes)")
            }
            let report = try RunTool.run(
                RunTool.Request(
                    source: source, inputDirectory: input, limits: limits, seedHex: seedHex, timeMs: timeMs, args: args,
                    env: env, out: out, receiptOut: receiptOut, force: force, agreement: agreement, claim: claim))
            print(report.json)
            if report.exitCode != 0 {
                FileHandle.standardError.write(Data("bpi: the run was stopped: \(report.result.receipt.outcome)\n".utf8))
                throw ExitCode(report.exitCode)
            }
        }
    }
}
