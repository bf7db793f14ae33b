import ArgumentParser
import BPIToolKit
import BPITools
import Foundation

struct EvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Portable evidence: list a node's, export it, and verify it from a genesis and finalized headers.",
        discussion: """
            Kinds (docs/SPEC.md §18.9): equivocation, missed-inclusion, list-equivocation, da-fault, bad-key-share, fork. \
            Each travels as one envelope (canonical CBOR: version, kind, chain id, height, the kind's own evidence, and \
            for a bad key share its epoch key), named by its id H(0x18 ‖ envelope).
            """,
        subcommands: [List.self, Export.self, Verify.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a node's evidence, each item verified against finalized headers and the validator set.",
            discussion: """
                Every item's envelope is checked the way `bpi evidence verify` checks it: signatures against the set \
                signing its height, missed inclusions against the finalized headers at H − 1 and H, data-availability \
                faults against the headers holding their frames — all from --genesis with the light client when given. \
                Exit 1 when an item does not verify.
                """)
        @Option(help: "The node's API.") var rpc: String
        @Option(help: "A trusted genesis.json: verify the headers from it with the light client.") var genesis: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let trusted = try genesis.map { path throws(ToolError) in try VerifyTool.loadGenesis(path) }
                let items = try await InclusionTool.evidence(rpc: try RPCClient(url: rpc, timeout: 60), genesis: trusted)
                if json {
                    printJSON(items)
                } else if items.isEmpty {
                    print("no evidence")
                } else {
                    for item in items {
                        let place =
                            item.kind == "missed-inclusion"
                            ? (item.carriedAt.map { "carried at \($0)" } ?? "pending") : "recorded"
                        let what = item.frame.map { " frame \($0)" } ?? ""
                        let against = item.offender.map { "validator \($0)" } ?? "storer \(item.storer ?? "?")"
                        let verdict = item.verified ? "verified" : "NOT VERIFIED: \(item.problem ?? "")"
                        print("\(item.kind)  \(against)  height \(item.height) round \(item.round)\(what)  \(place)  \(verdict)")
                    }
                }
                if let bad = items.first(where: { !$0.verified }) {
                    throw ToolError.verificationFailed("evidence at height \(bad.height) does not verify: \(bad.problem ?? "")")
                }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a node's evidence envelopes (canonical CBOR) to a directory as ID.cbor: all, or one by --id.")
        @Option(help: "The node's API.") var rpc: String
        @Option(help: "Only the item with this id (64 hex digits).") var id: String?
        @Option(help: "The directory to write into.") var out: String
        @Option(
            help: """
                Also write the node's chain (heights 1 to its latest; unverified — the verifier checks it from your \
                genesis) to this chain file, for `bpi evidence verify --chain` or the standalone Python verifier.
                """) var chainOut: String?

        func run() async throws {
            try await runToolAsync {
                let rpc = try RPCClient(url: rpc, timeout: 60)
                let files = try await EvidenceTool.export(rpc: rpc, id: id, to: out)
                for file in files { print(file) }
                if files.isEmpty { printError("the node holds no evidence") }
                if let chainOut {
                    let height = try await EvidenceTool.exportChain(rpc: rpc, to: chainOut)
                    printError("wrote \(chainOut) (the node's chain through height \(height))")
                }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify evidence envelopes from a trusted genesis and finalized headers (a chain file or a node's chain).",
            discussion: """
                The headers — DIR/chain.cbor with --chain, or fetched from --rpc — are verified from --genesis with the \
                light client first; the evidence is then checked against them and the validator set signing its height. \
                Prints what each item proves. Exit 0 when every item verifies, 1 when one proves nothing (the reason is \
                printed), 2 for a malformed file.
                """)
        @Argument(help: "Envelope files (canonical CBOR: bpi evidence export, lc-verify --evidence-out).") var files: [String]
        @Option(help: "The trusted genesis.json.") var genesis: String
        @Option(help: "A chain file holding the finalized headers.") var chain: String?
        @Option(help: "Or a node's API to fetch the finalized headers from.") var rpc: String?
        @Option(
            name: .customLong("l1-rpc"),
            help: "An L1 node you trust (repeatable): missed anchors are checked against the one of the chain their pledge names."
        )
        var l1RPC: [String] = []
        @Option(help: "How many L1 blocks deep a missed anchor's window must end.") var l1Depth: UInt64 = 2
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard (chain == nil) != (rpc == nil) else { throw ValidationError("give the headers by --chain or by --rpc") }
            guard !files.isEmpty else { throw ValidationError("name at least one evidence file") }
        }

        func run() async throws {
            try await runToolAsync {
                let verdicts = try await EvidenceTool.verify(
                    files: files, genesisPath: genesis, chainPath: chain,
                    rpc: try rpc.map { u throws(ToolError) in try RPCClient(url: u, timeout: 60) }, l1RPCs: l1RPC,
                    l1Depth: l1Depth)
                if json { printJSON(verdicts.map(\.report)) }
                for v in verdicts where !json {
                    print(
                        v.report.ok
                            ? "\(v.file): \(v.report.kind) \(v.report.id): \(v.report.summary)"
                            : "\(v.file): NOT VERIFIED: \(v.report.problem ?? "")")
                }
                if let bad = verdicts.first(where: { !$0.report.ok }) { throw bad.error! }
            }
        }
    }
}
