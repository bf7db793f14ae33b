import ArgumentParser
import BPINode
import BPIToolKit
import BPITools
import Foundation

struct ReceiptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: "DockLock receipts: show, replay, submit to the mesh, prove and verify inclusion (docs/SPEC.md §13.5).",
        subcommands: [Show.self, Replay.self, Submit.self, Prove.self, Verify.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a receipt (canonical CBOR, or its hex) as JSON.",
            discussion: "Exit 0, or 2 when the file cannot be read or is not a canonical receipt.")
        @Argument(help: "The receipt file (- for standard input).") var receipt: String

        func run() throws {
            try runTool { print(try ReceiptTool.show(receipt)) }
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-execute a receipt from its witness log alone and compare.",
            discussion: """
                Checks that the witness log is the receipt's (its root), that it holds what the run header fixes \
                (module, inputs, clock readings, random bytes), re-runs the program on it in the cage that made the \
                receipt, and compares the event stream's root, the outputs, the outcome, the exit code, the fuel and \
                the event count. Exit 0 when the replay reproduces the receipt, 1 when it does not (naming the first \
                difference), 2 when a file cannot be read.
                """)
        @Option(help: "The receipt (canonical CBOR or hex).") var receipt: String
        @Option(help: "The witness log (bpi run writes OUT/witness.log).") var witness: String
        @Option(help: "The agreement bundle the receipt's run header names, to re-run its policy hooks.") var agreement: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try runTool {
                let report = try ReceiptTool.replay(receiptPath: receipt, witnessPath: witness, agreementPath: agreement)
                print(json ? report.json : report.text)
                if let failure = report.failure { throw ToolError.verificationFailed(failure) }
            }
        }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a receipt as a local service and send it, with its witness, to the mesh.",
            discussion: """
                Replays the receipt from the witness first (validators replay it too and refuse one that does not \
                replay), signs it as the service (its executor: a registered service, bpi service register), and sends \
                [receipt, witness] as a receipt frame from the service to itself. Prints the signed receipt's id, \
                the frame id and, with --wait, the height that finalized it. Exit 0 sent, 1 refused (locally or by the \
                node), 2 unreadable files or an unreachable node.
                """)
        @OptionGroup var home: HomeOption
        @Option(help: "The receipt (bpi run --receipt-out).") var receipt: String
        @Option(help: "Its witness log (bpi run writes OUT/witness.log).") var witness: String
        @Option(help: "The executing service (local name).") var service: String
        @Option(help: "The node's API.") var rpc: String
        @Option(help: "File whose first line is the passphrase.") var passphraseFile: String?
        @Option(help: "Also write the signed receipt (canonical CBOR) here.") var signedOut: String?
        @Option(help: "The agreement bundle the receipt's run header names (it must be pinned: agreementc pin).")
        var agreement: String?
        @Flag(help: "Wait until a header finalizes it.") var wait = false
        @Option(help: "Seconds to wait for finality.") var timeout = 60.0
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let passphrase = try Passphrase.read(file: passphraseFile)
                let sent = try await ReceiptTool.submit(
                    home: home.url, service: service, passphrase: passphrase, rpc: try RPCClient(url: rpc, timeout: 30),
                    receiptPath: receipt, witnessPath: witness, signedOut: signedOut, wait: wait, timeout: timeout,
                    agreementPath: agreement)
                if json {
                    printJSON(sent)
                } else {
                    print(
                        "receipt \(sent.receipt)\nframe \(sent.frame)" + (sent.height.map { "\nfinalized at height \($0)" } ?? "")
                    )
                }
            }
        }
    }

    struct Prove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch a finalized receipt's inclusion proof, the receipt and the chain up to its height.",
            discussion: """
                Writes OUT/proof.json, OUT/receipt.cbor and OUT/chain.cbor, nothing of which is trusted yet: check them \
                with bpi receipt verify (or lc-verify --receipt --receipt-proof) from the genesis alone. Exit 0, 1 when \
                the node does not hold the receipt finalized, 2 when it cannot be reached.
                """)
        @Option(help: "The node's API.") var rpc: String
        @Option(help: "The receipt id (64 hex digits).") var id: String
        @Option(help: "Directory to write proof.json, receipt.cbor and chain.cbor into.") var out: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let proof = try await ReceiptTool.prove(rpc: try RPCClient(url: rpc, timeout: 30), id: id, directory: out)
                if json { printJSON(proof) } else { print("receipt \(proof.id) at height \(proof.height): written to \(out)") }
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that a receipt is committed by a chain verified from its genesis alone.",
            discussion: """
                Verifies the chain file as a light client from the genesis (headers, commits, proposers, ticks, \
                frames), then the receipt's Merkle proof against the receipts_root of the verified header the proof \
                names. Exit 0 included, 1 refused (the chain or the proof), 2 unreadable files.
                """)
        @Option(help: "The receipt (canonical CBOR or hex).") var receipt: String
        @Option(help: "Its inclusion proof (bpi receipt prove).") var proof: String
        @Option(help: "The trusted genesis.json.") var genesis: String
        @Option(help: "The chain file (bpi receipt prove writes chain.cbor).") var chain: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try runTool {
                let (r, height, refusal) = try ReceiptTool.verify(
                    receiptPath: receipt, proofPath: proof, genesisPath: genesis, chainPath: chain)
                if json {
                    print(
                        ToolJSON.object(
                            [
                                ("ok", .bool(refusal == nil)), ("receipt", .text(r.id.hex)), ("height", .unsigned(height)),
                            ] + (refusal.map { [("message", .text($0))] } ?? [])))
                } else if refusal == nil {
                    print("OK: receipt \(r.id) is committed by verified height \(height)")
                }
                if let refusal { throw ToolError.verificationFailed(refusal) }
            }
        }
    }
}
