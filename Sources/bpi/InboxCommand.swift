import ArgumentParser
import BPIToolKit
import BPITools
import Foundation

struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "The force-inclusion inbox on an L1: deploy it, post a frame to it, list what it holds.",
        discussion: """
            A frame no validator takes directly can be posted to the inbox contract (contracts/ForceInbox.vy) on an L1 \\
            the validators watch (inbox.json, docs/CLI.md). Once the post is as deep as the L1's confirmation depth, \\
            every watching validator takes the frame into its mempool, checked like any frame, and the inclusion-list \\
            rule obliges proposers to include it (docs/SPEC.md §18.10).
            """,
        subcommands: [Deploy.self, Submit.self, List.self])

    struct Deploy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deploy the inbox contract from an L1 account (bpi anchor key).")
        @Option(help: "The L1's JSON-RPC endpoint.") var rpc: String
        @Option(help: "The L1 account's key file (bpi anchor key).") var key: String
        @Option(help: "Test L1s only: have the L1 fund the account with this many wei first (test_fund).") var fundWei: UInt64?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let d = try await InboxTool.deploy(rpc: rpc, keyFile: key, fundWei: fundWei)
                if json { printJSON(d) } else { print("inbox \(d.contract) on chain \(d.chainID), block \(d.l1Block)") }
            }
        }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post a frame (canonical CBOR or its hex, at most 16,384 bytes) to the inbox and wait until it is mined.")
        @Option(help: "The L1's JSON-RPC endpoint.") var rpc: String
        @Option(help: "The inbox contract's address.") var contract: String
        @Option(help: "The L1 account's key file that pays for the post (bpi anchor key).") var key: String
        @Option(help: "The mesh's chain id (as in its genesis).") var chainId: String
        @Option(help: "The frame file.") var frame: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let posted = try await InboxTool.submit(
                    rpc: rpc, contract: contract, keyFile: key, chainID: chainId, frame: try InboxTool.readFrame(frame))
                if json {
                    printJSON(posted)
                } else {
                    print(
                        "frame \(posted.frame) posted as #\(posted.sequence) in L1 block \(posted.l1Block) (\(posted.transaction))"
                    )
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the posts an inbox holds for a mesh, with their depth.")
        @Option(help: "The L1's JSON-RPC endpoint.") var rpc: String
        @Option(help: "The inbox contract's address.") var contract: String
        @Option(help: "The mesh's chain id.") var chainId: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let items = try await InboxTool.list(rpc: rpc, contract: contract, chainID: chainId)
                if json {
                    printJSON(items)
                    return
                }
                for i in items {
                    print(
                        "#\(i.sequence)  \(i.frame.map { "frame \($0)" } ?? "not a frame (\(i.bytes) bytes)")  L1 block \(i.l1Block) (depth \(i.depth))  by \(i.sender)"
                    )
                }
                if items.isEmpty { print("no posts for \(chainId) in \(contract)") }
            }
        }
    }
}
