import ArgumentParser
import BPIDA
import BPIToolKit
import BPITools
import Foundation

/// The backends and records a pinner works with (shared by bpi da put|get and bpi pinner).
struct PinnerOptions: ParsableArguments {
    @Option(help: "The pinner's directory: its object records (and, with no --backend, its shards under shards/).")
    var home: String
    @Option(
        name: .customLong("backend"),
        help: """
            A storage backend (repeat for several, in placement order): file:DIR, or \
            s3://BUCKET?endpoint=http://HOST:PORT&region=REGION with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set \
            (the bucket is created when missing). Default: file:HOME/shards.
            """)
    var backends: [String] = []
    @Option(help: "Backends that may be lost with every object still recoverable (default 0; refused when RS(k, n) cannot).")
    var tolerate: Int?
}

struct PinnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pinner",
        abstract: "Keep erasure-coded objects on storage backends: serve shards, probe, repair (docs/SPEC.md §15.5).",
        subcommands: [Serve.self, Drill.self])

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the pinner's objects and shards over HTTP, probing random shards and repairing what is lost.",
            discussion: """
                Routes: GET /v1/pinner/status, /v1/da/objects/{id} (the record), /v1/da/shards/{objectID}/{chunk}/{shard} \
                (the shard, its header and Merkle path), /metrics, /healthz, /openapi.yaml. Every --probe-every-ms a random \
                shard is read and checked against its recorded hash; a missing or corrupt one is rebuilt from k others \
                of its chunk and stored again. Every --audit-every-s all shards are checked. Prints "listening on \
                HOST:PORT" when ready. Exit 2 for bad options or a backend that cannot be opened.
                """)
        @OptionGroup var pinner: PinnerOptions
        @Option(help: "Where to listen, HOST:PORT (port 0: any free port).") var listen = "127.0.0.1:26690"
        @Option(help: "Milliseconds between SLA probes.") var probeEveryMs = 200
        @Option(help: "Seconds between full audits.") var auditEveryS = 600

        func run() async throws {
            try await runToolAsync {
                let parts = listen.split(separator: ":")
                guard parts.count == 2, let port = Int(parts[1]), (0...65_535).contains(port) else {
                    throw ToolError.badInput("--listen takes HOST:PORT")
                }
                guard probeEveryMs >= 1, auditEveryS >= 1 else { throw ToolError.badInput("intervals must be positive") }
                let p = try await PinnerTool.open(home: pinner.home, backends: pinner.backends, tolerance: pinner.tolerate)
                try await PinnerTool.serve(
                    pinner: p, host: String(parts[0]), port: port, probeEveryMs: probeEveryMs, auditEverySeconds: auditEveryS
                ) { [host = parts[0]] bound in
                    FileHandle.standardOutput.write(Data("listening on \(host):\(bound)\n".utf8))
                }
            }
        }
    }

    struct Drill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Inject shard deletions and corruptions while probes run; print the probe success and the repairs.",
            discussion: """
                Puts --objects random objects of --size bytes, runs --probes SLA probes with --faults faults (deletions \
                and single-bit corruptions of random shards, written behind the pinner's back) spread among them, then a \
                full audit; checks every injected fault is repaired and every object comes back bit-exact. Exit 0 when \
                probe success ≥ 99.9 % and nothing is lost, 1 otherwise, 2 for bad options.
                """)
        @OptionGroup var pinner: PinnerOptions
        @Option(help: "Objects to put.") var objects = 4
        @Option(help: "Bytes per object.") var size = 4 << 20
        @Option(help: "Probes to run.") var probes = 20_000
        @Option(help: "Faults to inject among them.") var faults = 16
        @Option(help: "Seed of the objects, the faults and the probes.") var seed: UInt64 = 1
        @Option(help: "Data shards per chunk.") var k = CodingParameters.standard.k
        @Option(help: "Shards per chunk.") var n = CodingParameters.standard.n
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                guard objects >= 1, size >= 1, probes >= 1, faults >= 0 else {
                    throw ToolError.badInput("--objects, --size and --probes must be positive, --faults non-negative")
                }
                let p = try await PinnerTool.open(home: pinner.home, backends: pinner.backends, tolerance: pinner.tolerate)
                let report = try await PinnerDrill.run(
                    pinner: p, objects: objects, size: size, probes: probes, faults: faults, seed: seed,
                    parameters: CodingParameters(k: k, n: n, chunkSize: CodingParameters.standard.chunkSize)
                ) { line in
                    if !json { FileHandle.standardError.write(Data("… \(line)\n".utf8)) }
                }
                if json { printJSON(report) } else { print(report.text) }
                if !report.passed { throw ToolError.verificationFailed("the drill missed its target or lost data") }
            }
        }
    }
}
