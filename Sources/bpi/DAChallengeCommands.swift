import ArgumentParser
import BPIToolKit
import BPITools
import Foundation

extension DACommand {
    struct Challenge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Challenge an object's storer for one shard (SPEC §15.8).",
            discussion: """
                Sends a da-challenge frame, signed by a registered service, to the service that committed object --id \
                (its storer), naming shard --chunk/--shard, and waits until a header finalizes it. The storer must \
                answer (bpi da respond) by the printed deadline, 64 heights later; otherwise the next block carries \
                data-availability fault evidence against it (bpi da fault checks it). A failed sample (bpi da sample) \
                is the reason to challenge. Exit 0 challenged, 1 refused by the node (the shard already has an open \
                challenge, the object is not committed, …), 2 bad options or an unreachable node.
                """)
        @OptionGroup var submit: FrameSubmitOptions
        @Option(help: "The object id.") var id: String
        @Option(help: "The chunk index.") var chunk: UInt64
        @Option(help: "The shard index within the chunk.") var shard: UInt64
        @Option(help: "The challenging service (local name; not the storer).") var service: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let done = try await DATool.challenge(
                    id: id, chunk: chunk, shard: shard, home: submit.home.url, service: service,
                    passphrase: try submit.passphrase(), rpc: try submit.client(), timeout: submit.timeout)
                if json { printJSON(done) } else { print(done.text) }
            }
        }
    }

    struct Respond: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer the open challenges against a storer with the shards and their proofs (SPEC §15.8).",
            discussion: """
                Lists the open challenges naming service --service (GET /v1/da/challenges?storer=), or only \
                --challenge, reads each challenged shard from --pinner (bpi pinner serve) or from --in (a directory \
                bpi da encode wrote), checks it against the committed object, and sends it with its shard header \
                and Merkle path in a da-response frame to the challenger, waiting until it is final. An answer \
                finalized by the deadline closes the challenge. Exit 0 every challenge answered (or none open), 1 \
                a shard could not be read or checked, or the node refused a response, 2 bad options.
                """)
        @OptionGroup var submit: FrameSubmitOptions
        @Option(help: "The storer (local name): the service that committed the objects.") var service: String
        @Option(help: "A pinner's API holding the shards.") var pinner: String?
        @Option(name: .customLong("in"), help: "A directory bpi da encode wrote, holding the shards.") var input: String?
        @Option(help: "Answer only this challenge (its id).") var challenge: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let source: DATool.ShardSource
                switch (pinner, input) {
                case (let url?, nil): source = .pinner(try RPCClient(url: url, timeout: 30))
                case (nil, let dir?): source = .directory(dir)
                default: throw ToolError.badInput("give exactly one of --pinner and --in")
                }
                let report = try await DATool.respond(
                    home: submit.home.url, service: service, passphrase: try submit.passphrase(), rpc: try submit.client(),
                    source: source, only: challenge, timeout: submit.timeout)
                if json {
                    printJSON(report)
                } else {
                    if report.answered.isEmpty && report.unanswered.isEmpty { print("no open challenge names \(service)") }
                    for a in report.answered { print("answered \(a)") }
                    for u in report.unanswered { print("UNANSWERED \(u)") }
                }
                if !report.unanswered.isEmpty {
                    throw ToolError.verificationFailed("\(report.unanswered.count) challenge(s) could not be answered")
                }
            }
        }
    }

    struct Fault: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a challenge's outcome and verify its fault evidence from the genesis (SPEC §15.8).",
            discussion: """
                Looks up challenge --challenge on the node: open, answered, or faulted. For a faulted one it verifies \
                the chain from the trusted genesis through the height whose block carries the evidence (the header's \
                evidence_root commits to it; its quorum checked no answer was finalized by the deadline), then the \
                evidence's da-commit and da-challenge frames against the verified headers at their heights. Exit 0 \
                the storer is shown at fault, 1 not faulted (open or answered) or the evidence does not verify, \
                2 bad options or an unreachable node.
                """)
        @Option(help: "The node's API.") var rpc: String
        @Option(help: "The challenge id (bpi da challenge prints it).") var challenge: String
        @Option(help: "The trusted genesis.json (default: the node's).") var genesis: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let report = try await DATool.fault(
                    rpc: try RPCClient(url: rpc, timeout: 30), id: challenge, genesisPath: genesis)
                if json {
                    printJSON(report)
                } else {
                    print("challenge \(report.challengeID): shard \(report.chunk)/\(report.shard) of \(report.objectID)")
                    print("storer \(report.storer), challenged at height \(report.height), due by \(report.deadline)")
                    switch (report.status, report.verified) {
                    case ("faulted", true):
                        print(
                            "FAULT: no answer by the deadline; evidence at height \(report.faultHeight ?? 0) verified from the genesis"
                        )
                    case ("faulted", false): print("fault evidence does NOT verify: \(report.refusal ?? "")")
                    default: print("status: \(report.status)")
                    }
                }
                guard report.status == "faulted", report.verified else {
                    throw ToolError.verificationFailed(
                        report.status == "faulted"
                            ? report.refusal ?? "not verified" : "challenge is \(report.status), not faulted")
                }
            }
        }
    }
}

extension DACommand {
    struct Sampler: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A validator's sampling sidecar: sample every committed object as it is finalized (SPEC §15.4).",
            discussion: """
                Follows the node's finalized chain from --from-height. For every object a block commits it draws \
                validator --validator's schedule from the committing header's VRF output, reads each sampled shard \
                from --pinner and checks it to a header verified from the genesis (as bpi da sample does); with \
                --challenge-as, every failed shard is challenged as that registered service. Runs until Ctrl-C (or \
                SIGTERM), or with --once stops at the latest height. Exit 0 every sample intact, 1 a sample failed or \
                an object could not be sampled, 2 bad options or an unreachable node.
                """)
        @OptionGroup var submit: FrameSubmitOptions
        @Option(help: "A pinner's API (bpi pinner serve).") var pinner: String
        @Option(help: "The sampling validator's index in the set that signed each committing header.") var validator: Int
        @Option(help: "The trusted genesis.json (default: the node's).") var genesis: String?
        @Option(help: "Distinct shards per chunk (default: the plan's minimum for 2^-32).") var perChunk: Int?
        @Option(help: "Open a challenge for each failed sample as this registered service (local name).")
        var challengeAs: String?
        @Option(help: "The first height to look at.") var fromHeight: UInt64 = 1
        @Option(help: "Milliseconds between looks at the chain.") var pollMs = 1_000
        @Flag(help: "Stop at the latest height instead of following the chain.") var once = false
        @Flag(help: "Print the report as JSON (at the end).") var json = false

        func run() async throws {
            try await runToolAsync {
                if let perChunk, perChunk < 1 { throw ToolError.badInput("--per-chunk must be at least 1") }
                guard pollMs >= 10 else { throw ToolError.badInput("--poll-ms must be at least 10") }
                let challenger = try challengeAs.map { name throws(ToolError) in
                    DATool.Challenger(
                        home: submit.home.url, service: name, passphrase: try submit.passphrase(), timeout: submit.timeout)
                }
                let quiet = json
                let report = try await DATool.sampler(
                    rpc: try submit.client(), pinner: try RPCClient(url: pinner, timeout: 30), validator: validator,
                    genesisPath: genesis, perChunk: perChunk, challenger: challenger, from: fromHeight, once: once,
                    pollMilliseconds: pollMs, interrupt: once ? nil : InterruptSignal()
                ) { line in if !quiet { print(line) } }
                if json {
                    printJSON(report)
                } else {
                    print(
                        "sampled \(report.objects.count) objects in heights \(report.fromHeight)…\(report.throughHeight); "
                            + "\(report.objects.filter { !$0.failed.isEmpty }.count) with failed samples, "
                            + "\(report.errors.count) not sampled")
                }
                if report.objects.contains(where: { !$0.failed.isEmpty }) || !report.errors.isEmpty {
                    throw ToolError.verificationFailed("some samples failed or some objects could not be sampled")
                }
            }
        }
    }
}
