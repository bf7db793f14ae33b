import ArgumentParser
import BPIToolKit
import BPITools
import Foundation

struct PoHCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poh", abstract: "Proof-of-History: replay the tick lists of a node's headers.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay the Proof-of-History tick lists of a node's headers (docs/SPEC.md §11.2).",
            discussion: """
                Fetches heights --from…--to (default: all) and the header before them, and checks each tick list: it \
                hashes to the header's poh_root, mixes in the frame ids that hash to frames_root in block order, holds \
                the block's clock ticks, starts from the previous header's VRF output, and every record replays (on \
                all cores). Headers are not verified here: use bpi verify for that. Exit 0 when every list replays, \
                1 when one is refused (naming its height) or the node answers with something malformed, 2 when the \
                node cannot be reached or the range is empty.
                """)
        @Option(help: "The node's API, e.g. http://127.0.0.1:26700.") var rpc: String
        @Option(help: "First height to check.") var from: UInt64 = 1
        @Option(help: "Last height to check (default: the node's latest).") var to: UInt64?
        @Option(help: "Seconds each request to the node may take.") var timeout = 30.0
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let client = try RPCClient(url: rpc, timeout: timeout)
                let report = try await PoHTool.verify(rpc: client, from: from, to: to) { done, total in
                    if !json { FileHandle.standardError.write(Data("… replayed through height \(done)/\(total)\n".utf8)) }
                }
                print(json ? report.json : report.text)
                if let failure = report.failure {
                    throw ToolError.verificationFailed("height \(failure.height): \(failure.reason)")
                }
            }
        }
    }
}
