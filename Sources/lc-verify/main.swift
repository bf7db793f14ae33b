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
            14 bad-bitmap, 15 bad-signature, 16 bad-set-hash, 17 wrong-proposer, 18 bad-rotation, 19 bad-evidence.
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

    func run() throws {
        do {
            let (g, c) = try LightClientTool.load(genesisPath: genesis, chainPath: chain)
            let report = try LightClientTool.verify(genesis: g, chain: c, timings: timings)
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
