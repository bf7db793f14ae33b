import ArgumentParser
import BPIHash
import BPINode
import BPIToolKit
import BPITools
import Foundation

struct FrameCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frame",
        abstract: "BPCI frames: send and receive end-to-end encrypted data between services, prove and check inclusion.",
        subcommands: [Send.self, Recv.self, Prove.self, VerifyProof.self])

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a file's bytes from one local service to another as a sealed data frame; print the frame id.",
            discussion: """
                The frame travels through an end-to-end session (SPEC §12.2): the saved one, or a new one set up through \
                the mesh — two handshake frames — when the destination is a service of this home too (this process \
                answers for it). Validators order and commit the frame but cannot read it.

                With --encrypt the frame is instead encrypted to the validators' epoch key and a height --ahead blocks \
                on (SPEC §16.5): it is ordered blind — no validator, the proposer included, can read or censor it by \
                content — and once that height is final the validators reveal its key and everyone can read it. \
                --wait then waits until it opened. Needs an epoch key (bpi epoch show).
                """)
        @OptionGroup var home: HomeOption
        @Option(help: "The sending service (local name).") var from: String
        @Option(help: "The receiving service (local name, SPIFFE ID or 64 hex digits).") var to: String
        @Option(help: "The file to send (at most 65,492 bytes).") var dataFile: String
        @Option(help: "The node's API.") var rpc: String
        @Option(help: "File whose first line is the passphrase.") var passphraseFile: String?
        @Flag(help: "Wait until the frame is finalized (with --encrypt: and opened).") var wait = false
        @Option(help: "Seconds to wait for finality.") var timeout = 60.0
        @Flag(help: "Encrypt to the epoch key until a height is final, instead of a session (threshold encryption).")
        var encrypt = false
        @Option(help: "With --encrypt: the target height, in blocks past the node's latest (1…64).") var ahead: UInt64 = 3
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let data = try InputReader.readAll(path: dataFile)
                let passphrase = try Passphrase.read(file: passphraseFile)
                if encrypt {
                    let sent = try await FrameTool.sendEncrypted(
                        home: home.url, from: from, to: to, data: data, passphrase: passphrase,
                        rpc: try RPCClient(url: rpc, timeout: 30), ahead: ahead, wait: wait, timeout: timeout)
                    if json { printJSON(sent) } else { print(sent.id) }
                    return
                }
                let sent = try await FrameTool.send(
                    home: home.url, from: from, to: to, data: data, passphrase: passphrase,
                    rpc: try RPCClient(url: rpc, timeout: 30), wait: wait, timeout: timeout)
                if json { printJSON(sent) } else { print(sent.id) }
            }
        }
    }

    struct Recv: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recv",
            abstract: "Decrypt, in order, the data frames finalized for a local service since the last run.",
            discussion: """
                Also answers the session handshakes other services opened with this one (a sender waiting in bpi frame \
                send completes its session from the answer). Exit 1 when a frame does not open under its session.
                """)
        @OptionGroup var home: HomeOption
        @Option(help: "The receiving service (local name).") var svc: String
        @Option(help: "The node's API.") var rpc: String
        @Option(help: "File whose first line is the passphrase.") var passphraseFile: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let passphrase = try Passphrase.read(file: passphraseFile)
                let (frames, answered) = try await FrameTool.receive(
                    home: home.url, name: svc, passphrase: passphrase, rpc: try RPCClient(url: rpc, timeout: 30))
                for peer in answered {
                    FileHandle.standardError.write(Data("answered a session handshake from \(peer)\n".utf8))
                }
                if json {
                    printJSON(frames)
                } else {
                    for f in frames { print("\(f.id) from \(f.from) #\(f.nonce): \(f.hex ? "0x" : "")\(f.data)") }
                }
            }
        }
    }

    struct Prove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a finalized frame's inclusion proof (JSON): the frame, its block and the Merkle path to frames_root."
        )
        @Option(help: "The frame id (64 hex digits).") var hash: String
        @Option(help: "The node's API.") var rpc: String

        func run() async throws {
            try await runToolAsync {
                guard let id = Hash32(hex: hash), hash.count == 64 else {
                    throw ToolError.badInput("--hash must be 64 hex digits")
                }
                let proof = try await FrameTool.prove(id: id, rpc: try RPCClient(url: rpc, timeout: 30))
                printJSON(proof)
            }
        }
    }

    struct VerifyProof: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-proof",
            abstract: "Check a frame's inclusion proof against a header the light client verified from genesis.",
            discussion: """
                Fetches the chain up to the proof's height from --rpc, verifies it from --genesis alone (the node is \
                trusted for nothing), and checks the frame's id against that header's frames_root along the proof's \
                Merkle path. Exit 0 valid, 1 the proof does not hold (or the chain does not verify), 2 malformed input.
                """)
        @Option(help: "The proof (JSON from bpi frame prove).") var proof: String
        @Option(help: "The trusted genesis.json.") var genesis: String
        @Option(help: "The node's API.") var rpc: String

        func run() async throws {
            try await runToolAsync {
                let view = try FrameTool.loadProof(proof)
                let g = try VerifyTool.loadGenesis(genesis)
                let height = try await FrameTool.verifyProof(view, genesis: g, rpc: try RPCClient(url: rpc, timeout: 30))
                print("valid: frame \(view.id) is under the frames_root of light-client-verified header \(height)")
            }
        }
    }
}
