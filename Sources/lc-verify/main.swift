import ArgumentParser
import BPILightClientTool
import BPIToolKit
import Foundation

/// `lc-verify`: verify a header chain from its genesis alone.
struct LCVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lc-verify",
        abstract: "Verify a chain of headers and commits from a trusted genesis, as a light client.",
        discussion: """
            Exit status: 0 every header verified; 2 unreadable or malformed files; 64 usage; and one status per \
            failure kind, naming the height: 10 bad-sequence, 11 bad-prev-hash, 12 tampered-header, 13 below-quorum, \
            14 bad-bitmap, 15 bad-signature, 16 bad-set-hash, 17 wrong-proposer, 18 bad-rotation, 19 bad-evidence, \
            20 bad-frame-root, 21 bad-poh-tick, 22 poh-reordered, 23 nc-gap. With --receipt and --receipt-proof, \
            after the chain verifies, checks that the DockLock receipt is committed by the verified header the proof \
            names: 1 when it is not.
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

    enum PoHMode: String, ExpressibleByArgument, CaseIterable { case full, sample, off }

    func validate() throws {
        guard pohFraction > 0, pohFraction <= 1 else { throw ValidationError("--poh-fraction must be in (0, 1]") }
        guard (receipt == nil) == (receiptProof == nil) else {
            throw ValidationError("--receipt and --receipt-proof go together")
        }
    }

    func run() throws {
        do {
            let (g, c) = try LightClientTool.load(genesisPath: genesis, chainPath: chain)
            let replay: LightClientTool.Replay
            switch poh {
            case .full: replay = .full
            case .off: replay = .off
            case .sample: replay = .sample(fraction: pohFraction, seed: pohSeed ?? UInt64.random(in: 0...UInt64.max))
            }
            if let receipt, let receiptProof {
                let (r, proof, height) = try LightClientTool.loadReceipt(receiptPath: receipt, proofPath: receiptProof)
                let (report, refusal) = try LightClientTool.verifyReceipt(
                    genesis: g, chain: c, receipt: r, proof: proof, height: height, poh: replay)
                print(json ? report.json : report.text)
                if let failure = report.failure { throw ExitCode(failure.exitCode) }
                if let refusal {
                    FileHandle.standardError.write(Data("lc-verify: \(refusal)\n".utf8))
                    throw ExitCode(1)
                }
                if !json { print("receipt \(r.id) is committed by height \(height)") }
                return
            }
            let report = try LightClientTool.verify(genesis: g, chain: c, timings: timings, poh: replay)
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

LCVerify.main()
