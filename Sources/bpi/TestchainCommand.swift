import ArgumentParser
import BPILightClientTool
import BPIToolKit
import BPITools
import Foundation

struct TestchainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "testchain", abstract: "Generate chains signed by simulated validators, for lc-verify tests and benchmarks.",
        subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write DIR/genesis.json and DIR/chain.cbor: a valid chain, or one with injected faults.",
            discussion:
                "Fault kinds: \(TestChainFault.allCases.map(\.rawValue).joined(separator: ", ")). Deterministic for a given --seed."
        )
        @OptionGroup var home: HomeOption
        @Option(help: "Number of validators (equal power).") var validators: Int
        @Option(help: "Number of headers.") var headers: Int
        @Option(help: "Output directory (refused if it already holds a chain, unless --force).") var out: String
        @Flag(help: "Replace the genesis.json and chain.cbor already in --out.") var force = false
        @Option(help: "Change one validator every K headers.") var rotateEvery: Int?
        @Option(help: "Inject a fault: KIND@HEIGHT (repeatable).") var fault: [String] = []
        @Option(help: "Seed for the simulated validators' keys.") var seed: UInt64 = 1
        @Option(help: "Chain id.") var chainID = "bpi-testchain"
        @Option(help: "Include equivocation evidence in the header at this height (repeatable).") var evidenceAt: [UInt64] = []
        @Option(help: "Frames per block between four simulated services, mixed into each block's ticks (0…1024).")
        var framesPerBlock = 0
        @Option(help: "Proof-of-History: sequential hashes per clock tick (a genesis parameter).") var hashesPerTick: UInt64 = 256
        @Option(help: "Proof-of-History: clock ticks per block (a genesis parameter, 1…64).") var ticksPerBlock: UInt64 = 4
        @Option(
            help: """
                Also build a second, validly committed branch from this height (with --byzantine and --fork-out): a \
                fork, as more than a third of colluding validators can make.
                """) var forkAt: UInt64?
        @Option(help: "With --fork-at: how many validators (0…K-1) sign both branches; must exceed a third.")
        var byzantine: Int?
        @Option(help: "With --fork-at: the directory for the second branch's genesis.json and chain.cbor.") var forkOut: String?
        @Option(help: "Write the (honest) chain's anchors as confirmed anchors of a synthetic L1 to this file.")
        var anchorsOut: String?
        @Option(help: "With --anchors-out: anchor every K-th height.") var anchorEvery = 4
        @Option(
            help: """
                Also build one offence of every portable evidence kind into the chain (a censored list, two lists of one \
                author, a forged key share, an unanswered DA challenge, an equivocation, a fork) and write each \
                envelope to DIR/<kind>.cbor, for `bpi evidence verify`. Needs at least 68 headers and 4 validators.
                """) var evidenceOut: String?

        func validate() throws {
            guard (forkAt == nil) == (forkOut == nil), (forkAt == nil) == (byzantine == nil) else {
                throw ValidationError("--fork-at, --byzantine and --fork-out go together")
            }
            guard anchorEvery >= 1 else { throw ValidationError("--anchor-every must be at least 1") }
            guard evidenceOut == nil || forkAt == nil else {
                throw ValidationError("--evidence-out builds its own fork: leave out --fork-at")
            }
        }

        func run() throws {
            try runTool {
                let faults = try fault.map { try TestChainFault.parse($0) }
                var options = TestChain.Options(
                    validators: validators, headers: headers, rotateEvery: rotateEvery, faults: faults, seed: seed,
                    chainID: chainID, evidenceAt: evidenceAt, framesPerBlock: framesPerBlock)
                options.poh = .init(hashesPerTick: hashesPerTick, ticksPerBlock: ticksPerBlock)
                options.forkAt = forkAt
                options.byzantine = byzantine ?? 0
                let lines = try TestChainWriter.write(
                    options, out: out, forkOut: forkOut, anchorsOut: anchorsOut, anchorEvery: anchorEvery,
                    evidenceOut: evidenceOut,
                    force: force
                ) { FileHandle.standardError.write(Data("… height \($0)\n".utf8)) }
                for line in lines { print(line) }
            }
        }
    }
}
