import ArgumentParser
import BPIHash
import BPIToolKit
import BPITools
import Foundation

struct MerkleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merkle",
        abstract: "Merkle roots and inclusion proofs over hex leaves read one per line on stdin (a blank line is an empty leaf).",
        discussion:
            "Rules (docs/SPEC.md §3): leaf H(0x00‖leaf), node H(0x01‖l‖r), odd node paired with itself, root H(0x02‖u64be(n)‖top).",
        subcommands: [Root.self, Proof.self, Verify.self])

    struct Root: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the count-bound root of the leaves on stdin.")
        @OptionGroup var home: HomeOption
        @Flag(help: "Print {\"root\",\"count\"} as JSON.") var json = false
        func run() throws {
            try runTool {
                let leaves = try MerkleTool.parseLeaves(try InputReader.readText())
                let root = Merkle.root(leaves: leaves)
                print(json ? "{\"root\":\"\(root.hex)\",\"count\":\(leaves.count)}" : root.hex)
            }
        }
    }

    struct Proof: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the inclusion proof of leaf --index as JSON: {\"count\",\"index\",\"siblings\"}.")
        @OptionGroup var home: HomeOption
        @Option(parsing: .unconditional, help: "Zero-based index of the leaf to prove.") var index: String
        func run() throws {
            try runTool {
                guard let position = Int(index), position >= 0 else {
                    throw ToolError.badInput("--index must be a leaf position 0, 1, 2, …; got \(index)")
                }
                print(try MerkleTool.proofJSON(leaves: try MerkleTool.parseLeaves(try InputReader.readText()), index: position))
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a proof (JSON from `bpi merkle proof`) on stdin; exit 0 if it proves --leaf under --root, 1 if not.")
        @OptionGroup var home: HomeOption
        @Option(help: "The expected root, 64 hex digits.") var root: String
        @Option(help: "The leaf, in hex.") var leaf: String
        func run() throws {
            try runTool {
                try MerkleTool.verify(rootHex: root, leafHex: leaf, proofJSON: try InputReader.readText())
                print("valid")
            }
        }
    }
}
