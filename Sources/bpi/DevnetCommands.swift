import ArgumentParser
import BPICrypto
import BPINode
import BPIToolKit
import BPITools
import Foundation

/// `--dir D`: the devnet folder.
struct DevnetDirectory: ParsableArguments {
    @Option(help: "The devnet folder (written by bpi init).") var dir: String = "devnet"
}

/// Parses `--only 0,2`.
func parseIndices(_ text: String?) throws(ToolError) -> [Int]? {
    guard let text else { return nil }
    var out: [Int] = []
    for part in text.split(separator: ",") {
        guard let i = Int(part.trimmingCharacters(in: .whitespaces)), i >= 0 else {
            throw .badInput("--only takes validator indices like 0,2; got \(text)")
        }
        out.append(i)
    }
    return out
}

/// A progress or status line on standard error (standard output stays for results).
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

func printJSON<T: Encodable>(_ value: T) {
    guard let data = ToolJSON.encode(value) else {
        // A report JSON cannot hold (a non-finite number): a bug of bpi's, never an empty success.
        FileHandle.standardError.write(Data("bpi: internal error: the report of type \(T.self) does not encode as JSON\n".utf8))
        exit(70)
    }
    print(String(decoding: data, as: UTF8.self))
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract:
            "Create a local devnet: genesis.json, and per validator an encrypted key, its passphrase (0600) and config.toml.",
        discussion: """
            Validator i listens for peers on 127.0.0.1:(base-port + i) and serves its API on 127.0.0.1:(base-port + 100 + i); \
            --base-port 0 picks free ports. Each validator's BLS and VRF keys derive from its Ed25519 identity key, \
            which is stored encrypted (Argon2id + XChaCha20-Poly1305) under a random passphrase in its folder. \
            Each folder also holds validator.json, the validator's entry (what bpi set-change vote --add takes).
            --standby N adds N more homes after the genesis set's: every validator knows them (standby_keys), \
            they run and follow the chain, and a set change voted by the validators (bpi set-change vote) can add them.
            """)
    @OptionGroup var home: HomeOption
    @Option(help: "Number of validators (1…64).") var validators = 4
    @Option(help: "Standby validators after them: running, known to every validator, not in the genesis set.")
    var standby = 0
    @OptionGroup var devnet: DevnetDirectory
    @Option(help: "Chain id.") var chainID = "bpi-devnet"
    @Option(help: "First port (0: pick free ports).") var basePort = 26_600
    @Option(help: "Target time between headers, in milliseconds.") var blockTimeMs: UInt64 = 250
    @Option(help: "Fraction of inbound messages each validator drops (testing an unreliable network).")
    var dropRate = 0.0
    @Option(help: "Fraction of inbound messages each validator receives twice (testing).") var duplicateRate = 0.0
    @Option(help: "Fraction of inbound messages each validator receives out of order (testing).") var reorderRate = 0.0
    @Option(help: "Delay each inbound message by up to this many milliseconds (testing).") var maxDelayMs: UInt64 = 0
    @Option(help: "Make a validator misbehave, INDEX=equivocate|malformed|replay|all (testing; repeatable).")
    var byzantine: [String] = []
    @Flag(help: "Serve POST /v1/test/partition on every validator (testing network partitions).") var testControls = false
    @Option(help: "Proof-of-History: sequential hashes per clock tick (a genesis parameter).") var hashesPerTick: UInt64 = 256
    @Option(help: "Proof-of-History: clock ticks per block (a genesis parameter, 1…64).") var ticksPerBlock: UInt64 = 4

    func run() throws {
        try runTool {
            var o = DevnetTool.InitOptions(validators: validators, directory: devnet.dir)
            o.chainID = chainID
            o.standby = standby
            o.basePort = basePort
            o.blockTimeMilliseconds = blockTimeMs
            o.dropRate = dropRate
            o.duplicateRate = duplicateRate
            o.reorderRate = reorderRate
            o.maxDelayMilliseconds = maxDelayMs
            o.testControls = testControls
            o.poh = .init(hashesPerTick: hashesPerTick, ticksPerBlock: ticksPerBlock)
            for b in byzantine {
                let parts = b.split(separator: "=")
                guard parts.count == 2, let i = Int(parts[0]) else {
                    throw ToolError.badInput("--byzantine takes INDEX=KIND; got \(b)")
                }
                o.byzantine[i] = String(parts[1])
            }
            // Ctrl-C between validators removes what was written (exit 130).
            let genesis = try DevnetTool.initialize(o, interrupt: InterruptSignal()) {
                FileHandle.standardError.write(Data("\($0)\n".utf8))
            }
            let extra = standby > 0 ? " and \(standby) standby" : ""
            print(
                "initialized \(validators) validators\(extra) of chain \(genesis.chainID) in \(devnet.dir) (genesis \(genesis.hash))"
            )
            print("next: bpi up --dir \(devnet.dir)")
        }
    }
}

struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the devnet's validators as separate processes and show their progress.",
        discussion: """
            Without --detach, shows one live line (height, finality latency, round changes, validators up) until \
            Ctrl-C, then stops the validators this invocation started (never ones that were already running) and \
            exits 130. With --detach, returns once every started validator answers its API (and, with \
            --wait-height, once every one finalized that height), leaving them running: stop them with bpi down. \
            A validator that exits before it answers (a port taken, a bad key) ends the command at once with the \
            end of its log and exit 1, after the others it started are stopped. Logs go to DIR/vI/node.log.
            """)
    @OptionGroup var home: HomeOption
    @OptionGroup var devnet: DevnetDirectory
    @Flag(help: "Return once the validators are up, leaving them running.") var detach = false
    @Option(help: "With --detach: also wait until every running validator finalized this height.") var waitHeight: UInt64?
    @Option(help: "Start only these validators (e.g. 0,2).") var only: String?
    @Option(help: "Give up waiting after this many seconds.") var timeout = 120.0
    @Flag(help: "Print progress as JSON lines (one status array per line).") var json = false

    func run() async throws {
        try await runToolAsync {
            let only = try parseIndices(only)
            let started = try DevnetTool.up(directory: devnet.dir, only: only)
            FileHandle.standardError.write(Data("started validators \(started) (logs in \(devnet.dir)/v*/node.log)\n".utf8))
            var watch = DevnetWatch(directory: devnet.dir)
            watch.only = only
            watch.started = started
            watch.detach = detach
            watch.waitHeight = waitHeight
            watch.timeout = timeout
            watch.json = json
            watch.terminal = isatty(1) == 1
            let outcome = try await watch.run(interrupt: InterruptSignal()) { FileHandle.standardOutput.write(Data($0.utf8)) }
            if case .interrupted(let stopped) = outcome {
                throw ToolError.interrupted(
                    stopped.isEmpty
                        ? "interrupted; this run started no validator, so none was stopped"
                        : "interrupted; stopped the validators this run started, \(stopped)")
            }
        }
    }
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each validator's height, round, peers, finality latency and API URL.",
        discussion: """
            The JSON form is an array with one object per validator, each with a height field (0 when down). Exit 0 \
            when every validator answers, 1 when one or more are down (named on standard error), 2 when DIR is not a \
            devnet. --watch redraws the table every second until Ctrl-C (exit 130).
            """)
    @OptionGroup var home: HomeOption
    @OptionGroup var devnet: DevnetDirectory
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Redraw every second until Ctrl-C (JSON: one array per line).") var watch = false

    func run() async throws {
        try await runToolAsync {
            let interrupt = watch ? InterruptSignal() : nil
            while true {
                let rows = try await DevnetTool.status(directory: devnet.dir)
                if json {
                    printJSON(rows)
                } else {
                    if watch && isatty(1) == 1 { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                    print(DevnetTool.table(rows))
                }
                let down = rows.filter { !$0.up }.map(\.index)
                guard let interrupt else {
                    if !down.isEmpty { throw ToolError.verificationFailed("validators \(down) are down") }
                    return
                }
                for _ in 0..<10 where !interrupt.isSet { try? await Task.sleep(for: .milliseconds(100)) }
                if interrupt.isSet { throw ToolError.interrupted("interrupted") }
            }
        }
    }
}

struct DownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down", abstract: "Stop the devnet's validators (SIGTERM, then SIGKILL after 10 s).")
    @OptionGroup var home: HomeOption
    @OptionGroup var devnet: DevnetDirectory
    @Option(help: "Stop only these validators (e.g. 1,3).") var only: String?
    @Flag(help: "Kill at once with SIGKILL (as a crash would).") var kill = false

    func run() throws {
        try runTool {
            let stopped = try DevnetTool.down(directory: devnet.dir, only: try parseIndices(only), kill: kill)
            print(stopped.isEmpty ? "no validator was running" : "stopped validators \(stopped)")
        }
    }
}

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run the light client over a node's chain from a trusted genesis and report the verified height.",
        discussion: """
            The node is trusted for nothing: every header, commit (BLS aggregate, quorum, signer bitmap), proposer VRF \
            and evidence is checked from the genesis validator set, and the chain is fetched until the node has no \
            more, so the verified height does not depend on the height the node reports. Exit status 0 when every \
            header verified; 10–23 for the first failure kind (as lc-verify); 1 when the node answered with an error \
            or a malformed chain, or claims more headers than it served; \
            2 when it cannot be reached or the genesis cannot be read. With --trusted-height H --trusted-hash X it \
            starts from header H instead of genesis: the node's header H must hash to X (a hash you got elsewhere), \
            and the set it gives for H + 1 must match that header.
            """)
    @OptionGroup var home: HomeOption
    @Option(help: "The node's API, e.g. http://127.0.0.1:26700.") var rpc: String
    @Option(help: "The trusted genesis.json (default: DIR/genesis.json of --dir).") var genesis: String?
    @OptionGroup var devnet: DevnetDirectory
    @Option(help: "Seconds each request to the node may take.") var timeout = 30.0
    @Option(help: "Start from this trusted header height instead of genesis (with --trusted-hash).") var trustedHeight: UInt64?
    @Option(help: "The trusted header's hash (64 hex digits), from a source other than the node.") var trustedHash: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await runToolAsync {
            let checkpoint = try VerifyTool.Checkpoint.parse(height: trustedHeight, hash: trustedHash)
            let client = try RPCClient(url: rpc, timeout: timeout)
            let g = try VerifyTool.loadGenesis(genesis ?? DevnetLayout(directory: devnet.dir).genesis.path)
            let report = try await VerifyTool.verify(rpc: client, genesis: g, checkpoint: checkpoint) { done, total in
                if !json { FileHandle.standardError.write(Data("… fetched \(done)/\(total)\n".utf8)) }
            }
            print(json ? report.json : report.text)
            if let failure = report.failure {
                FileHandle.standardError.write(Data("bpi: the light client refused the chain: \(failure.description)\n".utf8))
                throw ExitCode(failure.exitCode)
            }
            if report.shortOfClaim {
                FileHandle.standardError.write(
                    Data("bpi: the node claims height \(report.claimedHeight ?? 0) but served \(report.verifiedHeight)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Init, start, load, verify and stop a local devnet in one go, and say what it proved.",
        discussion: """
            Starts N validator processes on loopback, submits payloads, waits until every validator finalized \
            --headers headers, runs a DockLock workload and a data-availability step (an object coded by a pinner, \
            committed, one shard deleted and repaired, the shard verified by the light client), verifies the chain \
            with the light client from genesis.json, checks that every node holds identical headers, then stops the \
            devnet. Ctrl-C (or SIGTERM) stops the validators it started and \
            removes its temporary folder before it exits 130. Exit status 0 when everything was proved, 1 otherwise, \
            2 for bad options (checked before anything is written or started).
            """)
    @OptionGroup var home: HomeOption
    @Option(help: "Number of validators.") var validators = 4
    @Option(help: "Headers to finalize.") var headers: UInt64 = 20
    @Option(help: "Payloads to submit.") var payloads = 20
    @Option(help: "Block time in milliseconds.") var blockTimeMs: UInt64 = 250
    @Option(help: "Keep the devnet in this folder (default: a temporary folder, removed afterwards).") var dir: String?
    @Option(help: "Give up after this many seconds.") var timeout = 90.0
    @Option(
        help:
            "MiB of the data-availability step's object (coded by a pinner, committed, one shard deleted and repaired, verified by the light client; 0 skips it)."
    ) var daObjectMib = 3
    @Flag(
        help:
            "Also start two py-evm test L1s (Tests/L1, from .build/l1-venv: run from the repository's root after scripts/setup) and have validator 0 anchor every 4th header to both; each anchor is checked against the verified chain."
    ) var anchors = false
    @Flag(help: "Print the report as JSON.") var json = false

    func run() async throws {
        try await runToolAsync {
            guard (0...64).contains(daObjectMib) else { throw ToolError.badInput("--da-object-mib must be 0…64") }
            var o = DevnetDemo.Options()
            o.daObjectBytes = daObjectMib << 20
            o.anchors = anchors
            o.validators = validators
            o.headers = headers
            o.payloads = payloads
            o.blockTimeMilliseconds = blockTimeMs
            o.directory = dir
            o.timeoutSeconds = timeout
            let quiet = json
            // Ctrl-C or SIGTERM stops the demo at its next step; it then stops its validators and removes its folder.
            let report = try await DevnetDemo.run(o, interrupt: InterruptSignal()) { line in
                if !quiet { FileHandle.standardError.write(Data("\(line)\n".utf8)) }
            }
            if json { printJSON(report) } else { print(report.text) }
            if !report.ok { throw ExitCode(1) }
        }
    }
}

struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run one validator in the foreground from its home folder (what bpi up starts).",
        discussion: """
            Reads HOME/config.toml and HOME/keys/validator.key and stops on SIGTERM or SIGINT. The key's passphrase \
            comes from the first of: --passphrase-file, --passphrase-fd, --passphrase-credential, --passphrase-env; \
            without one, the systemd credential bpi-passphrase ($CREDENTIALS_DIRECTORY, LoadCredentialEncrypted=) \
            if the service has it, else HOME/passphrase (mode 0600; what bpi init writes for a devnet, where the \
            passphrase sits beside the key and protects nothing). docs/OPERATIONS.md shows a protected setup.
            """)
    @Option(help: "The validator's folder (e.g. devnet/v0).") var home: String
    @Option(help: "Read the passphrase from this file's first line (mode 0600 required).") var passphraseFile: String?
    @Option(help: "Read the passphrase from this open file descriptor (0: standard input).") var passphraseFd: Int32?
    @Option(help: "Read the passphrase from this systemd credential ($CREDENTIALS_DIRECTORY/NAME).")
    var passphraseCredential: String?
    @Option(help: "Read the passphrase from this environment variable, then remove it from the environment.")
    var passphraseEnv: String?

    func run() async throws {
        let source: PassphraseSource? =
            if let passphraseFile { .file(passphraseFile, privateOnly: true) } else if let passphraseFd {
                .fileDescriptor(passphraseFd)
            } else if let passphraseCredential { .credential(passphraseCredential) } else if let passphraseEnv {
                .environment(passphraseEnv)
            } else { nil }
        try await runToolAsync { try await NodeRunner.run(home: URL(fileURLWithPath: home), passphrase: source) }
    }
}
