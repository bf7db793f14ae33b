import ArgumentParser
import BPIToolKit
import BPITools
import Foundation

struct BLSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bls",
        abstract: "BLS12-381 signatures (BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_): 48-byte signatures, 96-byte keys.",
        discussion: "verify and pop-verify exit 0 when valid, 1 when not, 2 for malformed input (bad hex, lengths, points).",
        subcommands: [Keygen.self, Sign.self, Verify.self, Aggregate.self, PopProve.self, PopVerify.self, HashToG1.self])

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a secret key (32 bytes) and public key (96 bytes), hex.")
        @OptionGroup var home: HomeOption
        @Option(help: "Input keying material (≥ 32 bytes hex) for deterministic KeyGen; random when omitted.") var ikmHex: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try runTool {
                let (secret, pub) = try BLSTool.keygen(ikmHex: ikmHex)
                print(
                    json
                        ? ToolJSON.object([("secretKey", .text(secret)), ("publicKey", .text(pub))])
                        : "secret key: \(secret)\npublic key: \(pub)")
            }
        }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the signature (48 bytes hex) of a message.")
        @OptionGroup var home: HomeOption
        @OptionGroup var secret: SecretKeyOption
        @Option(help: "Message, hex.") var msgHex: String
        func run() throws { try runTool { print(try BLSTool.sign(secretHex: try secret.hex(), messageHex: msgHex)) } }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify a signature; exit 0 valid, 1 invalid, 2 malformed.")
        @OptionGroup var home: HomeOption
        @Option(help: "Public key, 96 bytes hex.") var pkHex: String
        @Option(help: "Message, hex.") var msgHex: String
        @Option(help: "Signature, 48 bytes hex.") var sigHex: String
        func run() throws {
            try runTool {
                try BLSTool.verify(publicHex: pkHex, messageHex: msgHex, signatureHex: sigHex)
                print("valid")
            }
        }
    }

    struct Aggregate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the aggregate of signatures (hex arguments).")
        @OptionGroup var home: HomeOption
        @Argument(help: "Signatures, 48 bytes hex each.") var signatures: [String]
        func run() throws { try runTool { print(try BLSTool.aggregate(signatures)) } }
    }

    struct PopProve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pop-prove", abstract: "Print a proof of possession of a secret key.")
        @OptionGroup var home: HomeOption
        @OptionGroup var secret: SecretKeyOption
        func run() throws { try runTool { print(try BLSTool.popProve(secretHex: try secret.hex())) } }
    }

    struct PopVerify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pop-verify", abstract: "Verify a proof of possession; exit 0 valid, 1 invalid, 2 malformed.")
        @OptionGroup var home: HomeOption
        @Option(help: "Public key, 96 bytes hex.") var pkHex: String
        @Option(help: "Proof, 48 bytes hex.") var proofHex: String
        func run() throws {
            try runTool {
                try BLSTool.popVerify(publicHex: pkHex, proofHex: proofHex)
                print("valid")
            }
        }
    }

    struct HashToG1: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hash-to-g1", abstract: "Hash a message to G1 (RFC 9380); print the compressed point.")
        @OptionGroup var home: HomeOption
        @Option(help: "Message, hex.") var msgHex: String
        @Option(help: "Domain-separation tag (default: the signature DST).") var dst: String?
        @Flag(help: "Print {\"compressed\",\"x\",\"y\"} as JSON.") var json = false
        func run() throws {
            try runTool {
                let h = try BLSTool.hashToG1(messageHex: msgHex, dst: dst)
                print(
                    json
                        ? ToolJSON.object([("compressed", .text(h.compressed)), ("x", .text(h.x)), ("y", .text(h.y))])
                        : h.compressed)
            }
        }
    }
}
