import ArgumentParser
import BPIToolKit
import BPITools
import Foundation

/// `bpi set-change`: validator-set changes by the validators' votes (SPEC §19).
struct SetChangeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-change",
        abstract: "Validator-set changes: the votes cast in the set signing now, and the change they scheduled.",
        discussion: """
            Each validator votes, through its own node, for the set that should replace the one signing now. Votes of \
            more than two thirds of the voting power for one set schedule it at the next key-epoch start (a height \
            64·k + 1, at least two blocks on): the header before names the new set, the new set signs from that height \
            on and runs the next key generation. A validator outside the set (a standby, bpi init --standby) follows \
            the chain and starts signing at the change.
            """,
        subcommands: [Show.self, Vote.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the set signing the next height, the votes cast in it and the scheduled change.")
        @Option(help: "The node's API.") var rpc: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let view = try await SetChangeTool.show(rpc: try RPCClient(url: rpc, timeout: 30))
                if json {
                    printJSON(view)
                    return
                }
                print("height            \(view.height)")
                print("signing set       \(view.setHash) (\(view.validators.count) validators)")
                print("this validator    \(view.index.map { "index \($0)" } ?? "not in the set (it follows the chain)")")
                for (i, v) in view.validators.enumerated() {
                    print("  \(i)  \(v.identityKey)  power \(v.votingPower)  \(v.metadata)")
                }
                if view.votes.isEmpty { print("votes             none") }
                for t in view.votes {
                    print(
                        "votes for         \(t.setHash) (\(t.validators.count) validators): voters \(t.voters), power \(t.power) of \(t.needed) needed"
                    )
                }
                if let s = view.scheduled {
                    print(
                        "scheduled         \(s.setHash) (\(s.validators.count) validators), decided at \(s.decidedAt), signs from \(s.activation)"
                    )
                } else {
                    print("scheduled         none")
                }
                for c in view.history {
                    print("changed           at \(c.activation) to \(c.setHash) (\(c.validators.count) validators)")
                }
            }
        }
    }

    struct Vote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cast this node's validator's vote for the set signing now, changed by --add and --remove.",
            discussion: """
                The node builds a set-change frame from its validator's service and sends it like any frame; it is \
                refused when the node's validator is not in the set signing now, when the new set cannot serve (a key \
                twice, a BLS key whose proof of possession fails, over 128 validators) or when a change is already \
                scheduled. A later vote of the same validator replaces its earlier one. Prints the vote frame's id and \
                the proposed set's hash.
                """)
        @Option(help: "The node's API.") var rpc: String
        @Option(help: "A validator entry to add (validator.json, as bpi init writes it; repeatable).") var add: [String] = []
        @Option(help: "A validator to remove: its index in the set signing now or its identity key in hex (repeatable).")
        var remove: [String] = []
        @Option(help: "File whose first line is the node's API token (its api_token_file), when it requires one.")
        var tokenFile: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let bearer = try tokenFile.map { path throws(ToolError) in try SetChangeTool.token(file: path) }
                let rpc = try RPCClient(url: self.rpc, timeout: 30, bearer: bearer)
                let view = try await SetChangeTool.show(rpc: rpc)
                let proposed = try SetChangeTool.proposedSet(current: view.validators, removing: remove, adding: add)
                let id = try await SetChangeTool.vote(rpc: rpc, validators: proposed)
                if json {
                    printJSON(["frame": id, "validators": "\(proposed.count)"])
                } else {
                    print("vote sent: frame \(id), for a set of \(proposed.count) validators (was \(view.validators.count))")
                    print("next: bpi set-change show --rpc \(self.rpc)")
                }
            }
        }
    }
}
