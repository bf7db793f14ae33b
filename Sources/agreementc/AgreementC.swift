import ArgumentParser
import BPICrypto
import BPIToolKit
import BPITools
import Foundation

/// `agreementc`: build, inspect, simulate and pin DockLock agreements (docs/CLI.md, docs/SPEC.md §14).
@main
struct AgreementC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreementc",
        abstract: "Build, inspect, simulate and pin DockLock agreements: WASM policies that judge runs before and after.",
        discussion: """
            An agreement is a bundle of policy modules and a manifest, content-addressed by its hash; a run header \
            names it by that hash. Exit status: 0 success (simulate: every policy passed and every run was \
            identical); 1 a policy refused the run or its result, or runs differed; 2 bad input, an unreadable file \
            or a module refused at load; 64 usage.
            """,
        version: BuildInfo.version,
        subcommands: [Build.self, Inspect.self, Simulate.self, Pin.self, Claim.self])

    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a bundle from a manifest (DIR/manifest.toml or a .toml file) and print its hash.",
            discussion: """
                The manifest's keys: name, version, governs (workload modules: example:NAME, a module hash in hex, or \
                a .wasm/.wat file), fuel and memory_pages (per hook call), policies (.wat compiled with WasmKit's \
                parser, or .wasm). Each policy is screened against the bpi_policy_v1 ABI; its hooks (pre, post) are \
                read from its exports.
                """)
        @Argument(help: "A directory holding manifest.toml, or a manifest file.") var manifest: String
        @Option(help: "Where to write the bundle (default: NAME.agreement in the current directory).") var out: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runTool {
                let view = try AgreementTool.build(manifest, out: out)
                print(json ? toJSON(view) : view.text)
            }
        }
    }

    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a bundle (every policy screened) and describe it.")
        @Argument(help: "A bundle file (agreementc build writes one).") var bundle: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runTool {
                let view = try AgreementTool.inspect(bundle)
                print(json ? toJSON(view) : view.text)
            }
        }
    }

    struct Claim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a zero-knowledge claim (Groth16 proof and public inputs) a run can carry (bpi run --claim).",
            discussion: """
                The proof is A‖B‖C (192 bytes, hex), the inputs 32-byte big-endian scalars (hex, in order), checked \
                against verifying key --key-index of the bundle's claim_keys before anything is written \
                (docs/SPEC.md §14.8). Exit 1 when the proof does not hold, 2 for malformed input.
                """)
        @Option(help: "The bundle whose pinned key the claim is under.") var agreement: String
        @Option(help: "The proof, hex (or @FILE holding the hex).") var proof: String
        @Option(name: .customLong("input"), help: "A public input, 64 hex digits (repeat, in order).") var inputs: [String] = []
        @Option(help: "Which of the bundle's claim keys.") var keyIndex: UInt64 = 0
        @Option(help: "Where to write the claim (canonical CBOR).") var out: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runTool {
                let proofHex =
                    proof.hasPrefix("@")
                    ? String(decoding: try InputReader.readAll(path: String(proof.dropFirst())), as: UTF8.self) : proof
                let claim = try AgreementTool.claim(
                    proofHex: proofHex, inputsHex: inputs, keyIndex: keyIndex, agreementPath: agreement, out: out)
                let summary: [String: String] = [
                    "claim": out, "system": claim.system, "keyIndex": String(claim.keyIndex),
                    "inputs": String(claim.inputs.count),
                    "holds": "true",
                ]
                print(json ? toJSON(summary) : "claim \(out): holds under key \(claim.keyIndex) (\(claim.inputs.count) inputs)")
            }
        }
    }

    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the pre hooks, the workload and the post hooks locally and print the would-be receipt.",
            discussion: "With --runs N the whole run is made N times and every receipt and output compared, byte for byte.")
        @Argument(help: "A bundle file.") var bundle: String
        @Option(help: "The workload: a .wasm or .wat file, or example:NAME (bpi run --example names).") var workload: String
        @Option(help: "A directory whose files the workload reads in /in.") var input: String?
        @Option(help: "How many times to run it and compare.") var runs = 1
        @Option(help: "The run's 32-byte seed, hex (default: zero).") var seedHex: String?
        @Option(help: "The logical time, ms since the epoch.") var timeMs: UInt64 = 0
        @Option(name: .customLong("arg"), help: "An argument (repeat; the first is the program's name).") var args: [String] = []
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runTool {
                let report = try AgreementTool.simulate(
                    agreementPath: bundle, workload: workload, inputDirectory: input, runs: runs, seedHex: seedHex,
                    timeMs: timeMs,
                    args: args)
                print(json ? toJSON(report) : report.text)
                if report.exitCode != 0 { throw ExitCode(report.exitCode) }
            }
        }
    }

    struct Pin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish a bundle to the mesh; validators keep it, addressed by its id, to replay governed receipts.",
            discussion: """
                Sends the bundle as an agreement frame signed by a registered service (bpi service register), from the \
                service to itself, and waits until a header finalizes it. Validators refuse a bundle whose policies do \
                not load. Receipts naming the agreement are accepted once it is pinned. Exit 0 pinned, 1 refused by \
                the node, 2 unreadable files or an unreachable node.
                """)
        @Argument(help: "A bundle file (agreementc build writes one).") var bundle: String
        @Option(help: "The node's API, e.g. http://127.0.0.1:26657.") var rpc: String
        @Option(help: "The publishing service (local name).") var service: String
        @Option(help: "Directory for keys and configuration (default: $BPI_HOME, else ~/.bpi).") var home: String?
        @Option(help: "File whose first line is the service key's passphrase.") var passphraseFile: String?
        @Option(help: "Seconds to wait for finality.") var timeout = 60.0
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runTool {
                let pinned = try await AgreementTool.pin(
                    bundle, home: Keystore.resolveHome(home), service: service,
                    passphrase: try Passphrase.read(file: passphraseFile),
                    rpc: try RPCClient(url: rpc, timeout: 30), timeout: timeout)
                print(json ? toJSON(pinned) : pinned.text)
            }
        }
    }
}

func toJSON<T: Encodable>(_ value: T) -> String {
    String(decoding: ToolJSON.encode(value, pretty: true) ?? Data(), as: UTF8.self)
}

/// Runs a subcommand: a `ToolError` is printed as `agreementc: <message>` and becomes its exit status.
func runTool(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ToolError {
        FileHandle.standardError.write(Data("agreementc: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("agreementc: \(error)\n".utf8))
        throw ExitCode(2)
    }
}
