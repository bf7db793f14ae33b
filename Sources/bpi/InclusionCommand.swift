import ArgumentParser
import BPIToolKit
import BPITools
import BPITypes

/// `bpi inclusion`: inclusion lists and the obligations they make (SPEC §17).
struct InclusionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inclusion",
        abstract: "Inclusion lists: which frames a block was bound to carry, and what became of each.",
        subcommands: [Show.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the obligations of a finalized height, checked against its header's inclusion_root.",
            discussion: """
                After each block, the inclusion committee (every validator on a set of at most 16, else 16 picked by the \
                VRF seed) lists frames its pools held for 2 blocks; the lists go in the next block, and the block after \
                must carry each listed frame or a reject ground that holds at its end (nonce-used, tick-too-old, \
                block-full, invalid). Prints the lists of height H − 1 and each obligation's outcome at H. The entries are \
                checked against the header's inclusion_root — verified from --genesis with the light client when given, \
                else the node's own header. Exit 1 when they do not match.
                """)
        @Option(help: "The node's API.") var rpc: String
        @Option(help: "The finalized height.") var height: UInt64
        @Option(help: "A trusted genesis.json: verify the headers from it with the light client.") var genesis: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let trusted = try genesis.map { path throws(ToolError) in try VerifyTool.loadGenesis(path) }
                let view = try await InclusionTool.show(
                    rpc: try RPCClient(url: rpc, timeout: 60), height: height, genesis: trusted)
                if json {
                    printJSON(view)
                    return
                }
                print("height          \(view.height)")
                print(
                    "inclusion_root  \(view.inclusionRoot) (matches the entries; header \(trusted == nil ? "as the node serves it" : "verified from the genesis"))"
                )
                print("lists at \(view.height - 1)     \(view.lists.count)")
                for list in view.lists {
                    print("  \(list.id)  by \(list.author), made at \(list.madeAt): \(list.frames.count) frame(s)")
                }
                print("obligations     \(view.entries.count)")
                for entry in view.entries { print("  \(entry.frame)  \(entry.outcome)") }
            }
        }
    }
}

/// `bpi evidence`: the evidence a node recorded or the chain carries (SPEC §7.5, §17.3).
