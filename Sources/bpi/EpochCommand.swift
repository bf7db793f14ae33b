import ArgumentParser
import BPIToolKit
import BPITools

/// `bpi epoch`: threshold encryption's key epochs (SPEC §16.5).
struct EpochCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "epoch",
        abstract: "Threshold encryption's epoch keys: which key serves the next height, and the key generation in progress.",
        subcommands: [Show.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Show the epoch key serving the next height (what bpi frame send --encrypt encrypts to) and key generation.",
            discussion: """
                Key epochs are 64 blocks; the key of epoch e + 1 is generated during the first 24 blocks of epoch e by the \
                validators then in force (dealings, complaints, justifications: 8 blocks each). Epoch 0 has no key. Prints \
                the serving epoch, its threshold and committee, the qualified dealers, the master key and the block whose \
                epoch-key frame put it on the chain (what bad-key-share evidence points to), failed generations, \
                the heights whose encrypted frames wait for their key, and the generation in progress.
                """)
        @Option(help: "The node's API.") var rpc: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let view = try await FrameTool.epoch(rpc: try RPCClient(url: rpc, timeout: 30))
                if json {
                    printJSON(view)
                    return
                }
                print(
                    "height            \(view.height) (key epoch of the next height: \(view.epoch), \(view.epochLength) blocks each)"
                )
                if let e = view.servingEpoch, let t = view.threshold, let n = view.committee {
                    print(
                        "serving key       epoch \(e): \(t) of \(n) shares reveal a height; qualified dealers \(view.qualified ?? [])"
                    )
                    print("master key        \(view.masterKey ?? "")")
                    if let h = view.epochKeyCarriedAt, let frame = view.epochKeyFrame {
                        print("on the chain      height \(h), epoch-key frame \(frame)")
                    } else {
                        print("on the chain      not yet (its committee's epoch-key frame is pending)")
                    }
                } else {
                    print("serving key       none yet: encrypted frames are refused until the first key serves")
                }
                print("failed            \(view.failed.isEmpty ? "none" : view.failed.map(String.init).joined(separator: ", "))")
                print(
                    "waiting heights   \(view.waiting.isEmpty ? "none" : view.waiting.map(String.init).joined(separator: ", "))")
                print("revealed heights  \(view.revealed)")
                if let g = view.generation {
                    print(
                        "generating        epoch \(g.keyEpoch): \(g.phase) phase, \(g.dealings.count) of \(g.committee) dealt, \(g.complaints) complaint(s), \(g.justifications) justification(s); decided at height \(g.decidingHeight)"
                    )
                }
            }
        }
    }
}
