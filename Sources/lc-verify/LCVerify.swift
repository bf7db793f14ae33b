import ArgumentParser
import BPILightClientTool
import BPIToolKit
import Foundation

/// `lc-verify`: verify a header chain from its genesis alone.
@main
struct LCVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lc-verify",
        abstract: "Verify a chain of headers and commits from a trusted genesis, as a light client.",
        discussion: """
            Exit status: 0 every header verified; 2 unreadable or malformed files; 64 usage; and one status per \
            failure kind, naming the height: 10 bad-sequence, 11 bad-prev-hash, 12 tampered-header, 13 below-quorum, \
            14 bad-bitmap, 15 bad-signature, 16 bad-set-hash, 17 wrong-proposer, 18 bad-rotation, 19 bad-evidence, \
            20 bad-frame-root, 21 bad-poh-tick, 22 poh-reordered, 23 nc-gap, 24 contradicts-anchor (the chain \
            contradicts a confirmed L1 anchor given with --anchors), 25 fork (with --fork: a fork is proven and \
            --chain is not the branch the anchors choose). With --receipt and --receipt-proof, after the chain \
            verifies, checks that the DockLock receipt is committed by the verified header the proof names: 1 when \
            it is not. With --fork-evidence: 0 when the evidence proves a fork, 1 when it does not.

            Anchors (docs/SPEC.md §18.7): with --anchors, a header at an anchored height must be the anchored one, \
            however well its commit verifies. With --fork (§18.8), a second branch of the same mesh is verified too; \
            the first height where the two differ is proven a fork by its two commits (the validators that signed \
            both are named) and judged by the anchors: the branch anchored past the fork is chosen; without an \
            anchor past the fork the light client says it cannot decide, and why.
            """,
        version: BuildInfo.version)

    @Option(help: "The trusted genesis (genesis.json).") var genesis: String
    @Option(help: "The chain file (chain.cbor) to verify.") var chain: String
    @Flag(help: "Print the summary as JSON.") var json = false
    @Flag(
        help: """
            Also verify one header at a time and print per-header p50/p95 (a second pass over the \
            chain; the verdict is always the first, batched pass's).
            """) var timings = false

    @Option(
        help: """
            How much of each header's Proof-of-History tick list to replay: full (every record), sample (a random \
            --poh-fraction of each header's records; prints the probability of catching one bad record), or off \
            (structure only). The tick lists' roots, links, clock ticks and mixed-in frames are always checked.
            """) var poh: PoHMode = .full
    @Option(help: "With --poh sample: the fraction of each header's tick records to replay (0 < f ≤ 1).") var pohFraction = 0.25
    @Option(help: "With --poh sample: the seed of the random choice (default: a fresh random seed, printed).") var pohSeed:
        UInt64?

    @Option(help: "A DockLock receipt (canonical CBOR or hex) to check against the verified chain.") var receipt: String?
    @Option(help: "Its inclusion proof (GET /v1/receipts/{id}/proof, bpi receipt prove).") var receiptProof: String?

    @Option(
        help: """
            Confirmed L1 anchors (bpi anchor list --out, bpi testchain generate --anchors-out): a chain that \
            contradicts one is refused (exit 24).
            """) var anchors: String?
    @Option(
        help: """
            Read confirmed anchors from this L1's anchor contract over standard JSON-RPC (repeatable; with \
            --anchor-contract and --anchor-poster). Together with --anchors, all are judged as one set.
            """) var l1Rpc: [String] = []
    @Option(help: "The anchor contract on each --l1-rpc, in the same order (one for all when they share it).")
    var anchorContract: [String] = []
    @Option(
        help: """
            A poster you trust (repeatable, needed with --l1-rpc): anyone can call the contract, so only these \
            accounts' anchors count.
            """) var anchorPoster: [String] = []
    @Option(help: "Count only anchors at least this many L1 blocks deep (counting their own block).")
    var anchorDepth: UInt64 = 1
    @Option(
        help: """
            Another branch of the same mesh (a chain.cbor from another source): find the first height where the \
            two differ, prove the fork with its two commits, and choose by the anchors.
            """) var fork: String?
    @Option(help: "With --fork: write the fork evidence envelope (canonical CBOR, SPEC §18.9) here when a fork is proven.")
    var evidenceOut: String?
    @Option(
        help: """
            Check a fork evidence envelope (as --evidence-out writes it) against --chain: exit 0 and name the \
            validators that signed both when it proves a fork, 1 when it does not.
            """) var forkEvidence: String?

    enum PoHMode: String, ExpressibleByArgument, CaseIterable { case full, sample, off }

    func validate() throws {
        guard pohFraction > 0, pohFraction <= 1 else { throw ValidationError("--poh-fraction must be in (0, 1]") }
        guard (receipt == nil) == (receiptProof == nil) else {
            throw ValidationError("--receipt and --receipt-proof go together")
        }
        guard [receipt != nil, fork != nil, forkEvidence != nil].filter({ $0 }).count <= 1 else {
            throw ValidationError("--receipt, --fork and --fork-evidence are separate checks: give one")
        }
        guard evidenceOut == nil || fork != nil else { throw ValidationError("--evidence-out needs --fork") }
        guard anchorDepth >= 1 else { throw ValidationError("--anchor-depth must be at least 1") }
        if !l1Rpc.isEmpty {
            guard anchorContract.count == l1Rpc.count || anchorContract.count == 1 else {
                throw ValidationError("give one --anchor-contract per --l1-rpc, or one for all")
            }
            guard !anchorPoster.isEmpty else {
                throw ValidationError("--l1-rpc needs --anchor-poster: the accounts whose anchors you trust")
            }
        }
    }

    func run() async throws {
        do {
            let (g, c) = try LightClientTool.load(genesisPath: genesis, chainPath: chain)
            let replay: LightClientTool.Replay
            switch poh {
            case .full: replay = .full
            case .off: replay = .off
            case .sample: replay = .sample(fraction: pohFraction, seed: pohSeed ?? UInt64.random(in: 0...UInt64.max))
            }
            var book = LightClientTool.Anchors.empty
            if anchors != nil || !l1Rpc.isEmpty {
                var entries = try anchors.map { try AnchorFile.read($0).forMesh(g.chainID) } ?? []
                for (i, endpoint) in l1Rpc.enumerated() {
                    let contract = anchorContract.count == 1 ? anchorContract[0] : anchorContract[i]
                    entries += try await L1AnchorReader(endpoint: endpoint).anchors(
                        contract: contract, chainID: g.chainID, posters: anchorPoster, l1: endpoint)
                }
                let (held, shallow) = try AnchorFile(chainID: g.chainID, anchors: entries).book(
                    chainID: g.chainID, depth: anchorDepth)
                book = held
                if shallow > 0 {
                    FileHandle.standardError.write(
                        Data("lc-verify: \(shallow) anchors are shallower than --anchor-depth \(anchorDepth); not counted\n".utf8)
                    )
                }
            }
            if let forkEvidence {
                let bytes = try InputReader.readAll(path: forkEvidence)
                let (evidence, signedBoth, refusal) = try ForkCheck.check(evidence: bytes, genesis: g, chain: c)
                if let refusal {
                    FileHandle.standardError.write(Data("lc-verify: \(refusal)\n".utf8))
                    throw ExitCode(1)
                }
                print(
                    json
                        ? ToolJSON.object([
                            ("fork", .bool(true)), ("forkHeight", .unsigned(evidence.height)),
                            ("signedBoth", .array(signedBoth.map { .unsigned(UInt64($0)) })),
                        ])
                        : "fork evidence proves a fork at height \(evidence.height); validators that signed both: "
                            + signedBoth.map(String.init).joined(separator: ", "))
                return
            }
            if let fork {
                let other = try LightClientTool.load(genesisPath: genesis, chainPath: fork).1
                let comparison = try ForkCheck.verify(genesis: g, chain: c, other: other, poh: replay, anchors: book)
                print(json ? comparison.json : comparison.text)
                if let evidenceOut, let envelope = comparison.outcome.envelope {
                    try OutputFile.write(envelope.canonicalBytes(), to: evidenceOut)
                }
                if comparison.exitCode != 0 { throw ExitCode(comparison.exitCode) }
                return
            }
            if let receipt, let receiptProof {
                let (r, proof, height) = try LightClientTool.loadReceipt(receiptPath: receipt, proofPath: receiptProof)
                let (report, refusal) = try LightClientTool.verifyReceipt(
                    genesis: g, chain: c, receipt: r, proof: proof, height: height, poh: replay, anchors: book)
                print(json ? report.json : report.text)
                if let failure = report.failure { throw ExitCode(failure.exitCode) }
                if let refusal {
                    FileHandle.standardError.write(Data("lc-verify: \(refusal)\n".utf8))
                    throw ExitCode(1)
                }
                if !json { print("receipt \(r.id) is committed by height \(height)") }
                return
            }
            let report = try LightClientTool.verify(genesis: g, chain: c, timings: timings, poh: replay, anchors: book)
            print(json ? report.json : report.text)
            if let failure = report.failure {
                if !json { FileHandle.standardError.write(Data("lc-verify: \(failure.description)\n".utf8)) }
                throw ExitCode(failure.exitCode)
            }
        } catch let error as ToolError {
            FileHandle.standardError.write(Data("lc-verify: \(error.description)\n".utf8))
            throw ExitCode(error.exitCode)
        }
    }
}
