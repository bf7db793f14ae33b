import ArgumentParser
import BPILightClientTool
import BPIToolKit
import BPITools

/// `bpi anchor`: anchoring finalized headers to L1 chains (SPEC §18).
struct AnchorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchor",
        abstract: "Anchors on L1 chains: the poster's key, the anchor contract, a node's posting, an L1's anchors.",
        discussion: """
            A validator with an anchors file (config.toml: anchors = "anchors.json") posts [chainID, height, headerHash, \
            validatorSetHash] of every T-th finalized height to each L1 it names, as EIP-1559 calls of the anchor contract \
            (contracts/AnchorLog.vy), and follows each to the confirmation depth: re-sent after a reorg, re-priced under a \
            fee spike up to the fee cap. Set-up: bpi anchor key, then bpi anchor deploy on each L1, then the anchors file \
            (docs/CLI.md).
            """,
        subcommands: [Key.self, Deploy.self, Status.self, List.self, Audit.self])

    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an L1 account key (secp256k1, hex, mode 0600) and print its address.")
        @Option(help: "The key file to create (refused if it exists).") var out: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try runTool {
                let address = try AnchorTool.createKey(out: out)
                if json { printJSON(["address": address, "file": out]) } else { print(address) }
            }
        }
    }

    struct Deploy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deploy the anchor contract to an L1 from the key's account; print its address.",
            discussion: """
                The bytecode is contracts/AnchorLog.vy compiled by Vyper 0.4.3 (committed; the tests recompile and compare). \
                The account pays the gas: fund it first, or on a test L1 of Tests/L1 pass --fund-wei.
                """)
        @Option(help: "The L1's JSON-RPC endpoint.") var rpc: String
        @Option(help: "The L1 account's key file (bpi anchor key).") var key: String
        @Option(help: "Test L1s only: have the L1 fund the account with this many wei first (test_fund).") var fundWei: UInt64?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let d = try await AnchorTool.deploy(rpc: rpc, keyFile: key, fundWei: fundWei)
                if json {
                    printJSON(d)
                } else {
                    print("contract     \(d.contract)")
                    print("chain id     \(d.chainID)")
                    print("transaction  \(d.transaction) (L1 block \(d.l1Block), from \(d.deployer))")
                }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a node's anchor posting: per L1 the confirmed height, what is queued and in flight, latencies.")
        @Option(help: "The node's API.") var rpc: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let view = try await AnchorTool.status(rpc: try RPCClient(url: rpc, timeout: 30))
                if json {
                    printJSON(view)
                    return
                }
                print("poster  \(view.poster), every \(view.every) heights")
                for l1 in view.l1 {
                    let last = l1.confirmed.last
                    print(
                        "\(l1.name) (chain \(l1.chainID), \(l1.contract)): confirmed to height \(l1.confirmedHeight)"
                            + (last.map { " (\($0.confirmationMs) ms after finality, inclusion \($0.inclusionMs) ms)" } ?? ""))
                    print(
                        "  queued \(l1.queued.count), in flight \(l1.pending.count), re-priced \(l1.repriced), held by the fee cap \(l1.feeCapBlocked), re-sent after reorgs \(l1.reposted)"
                    )
                    for p in l1.pending {
                        print(
                            "  height \(p.height): nonce \(p.nonce), \(p.transaction), max fee \(p.maxFeePerGas) wei/gas"
                                + (p.includedIn.map { ", in L1 block \($0)" } ?? ", not mined"))
                    }
                    if let why = l1.stopped { print("  STOPPED: \(why)") }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the anchors an L1's contract holds for a mesh, with their L1 block and depth.")
        @Option(help: "The L1's JSON-RPC endpoint.") var rpc: String
        @Option(help: "The anchor contract's address.") var contract: String
        @Option(help: "The mesh's chain id (as in its genesis).") var chainId: String
        @Option(help: "Only anchors of this poster (repeatable). An anchor file for lc-verify should name the posters you trust.")
        var poster: [String] = []
        @Option(help: "The L1's name in the listing and the file.") var l1 = "l1"
        @Option(
            help: """
                Write the anchors at least --depth deep as an anchor file (lc-verify --anchors): the file is what the \
                light client will trust, so list only posters you trust.
                """) var out: String?
        @Option(help: "With --out: the confirmation depth an anchor needs to be written (L1 blocks, counting its own).")
        var depth: UInt64 = 1
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let items = try await AnchorTool.list(rpc: rpc, contract: contract, chainID: chainId, posters: poster, l1: l1)
                if let out { printError(try AnchorTool.write(items, chainID: chainId, depth: depth, to: out)) }
                if json {
                    printJSON(items)
                    return
                }
                for a in items {
                    print("height \(a.height)  header \(a.headerHash)  L1 block \(a.l1Block) (depth \(a.depth))  by \(a.poster)")
                }
                if items.isEmpty { print("no anchors of \(chainId) in \(contract)") }
            }
        }
    }

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check validators' anchor pledges against the L1s; write missed-anchor evidence for each broken one.",
            discussion: """
                A validator whose anchors file pledges an L1 (docs/CLI.md) promises every T-th finalized header's anchor in an \
                L1 block no later than the pledge's deadline after the header's time (docs/SPEC.md §18.11). The audit verifies \
                the chain from --genesis with the light client, then for each covered height reads the pledged poster's \
                anchors from the L1 node you give: on time, missed (evidence written to --out as ID.cbor, for bpi evidence \
                verify --l1-rpc), or pending (the deadline's window is not yet --depth deep). Exit 0 when nothing was \
                missed, 1 when something was, 2 for bad input.
                """)
        @Option(help: "The trusted genesis.json.") var genesis: String
        @Option(help: "A node's API: its chain, and the pledges it serves (GET /v1/anchors).") var rpc: String?
        @Option(help: "Or a chain file holding the finalized headers (with --pledge).") var chain: String?
        @Option(help: "A pledge file (canonical CBOR, or its hex), repeatable; added to the node's.") var pledge: [String] = []
        @Option(name: .customLong("l1-rpc"), help: "An L1 node you trust (repeatable); each pledge is checked on its chain's.")
        var l1RPC: [String]
        @Option(help: "How many L1 blocks deep a deadline's window must end before a miss counts.") var depth: UInt64 = 2
        @Option(help: "Where to write missed-anchor evidence.") var out: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard (rpc == nil) != (chain == nil) else { throw ValidationError("give the chain by --rpc or by --chain") }
            guard rpc != nil || !pledge.isEmpty else { throw ValidationError("--chain needs at least one --pledge") }
            guard !l1RPC.isEmpty else { throw ValidationError("give at least one --l1-rpc") }
        }

        func run() async throws {
            try await runToolAsync {
                let (report, evidence) = try await AnchorAudit.audit(
                    genesisPath: genesis, rpc: try rpc.map { u throws(ToolError) in try RPCClient(url: u, timeout: 60) },
                    chainPath: chain, pledgeFiles: pledge, l1RPCs: l1RPC, depth: depth, out: out)
                if json {
                    printJSON(report)
                } else {
                    for item in report.items {
                        let who = item.validator.map { "validator \($0)" } ?? "a non-validator"
                        print(
                            "height \(item.height)  L1 chain \(item.l1ChainID)  \(who)  \(item.outcome)\(item.evidence.map { "  evidence \($0)" } ?? "")"
                        )
                    }
                    print("\(report.pledges) pledges, \(report.items.count) heights: \(report.missed) missed")
                }
                if !evidence.isEmpty {
                    throw ToolError.verificationFailed(
                        "\(evidence.count) pledged anchors missed"
                            + (out.map { "; evidence in \($0)" } ?? " (give --out to keep the evidence)"))
                }
            }
        }
    }
}
