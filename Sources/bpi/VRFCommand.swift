import ArgumentParser
import BPIToolKit
import BPITools
import Foundation

struct VRFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vrf",
        abstract: "ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381): verifiable random outputs.",
        discussion: "verify exits 0 and prints beta when the proof is valid, 1 when it is not, 2 for malformed input.",
        subcommands: [Keygen.self, Prove.self, Verify.self])

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a new secret key (32-byte seed) and public key, hex.")
        @OptionGroup var home: HomeOption
        @Flag(help: "Print {\"secretKey\",\"publicKey\"} as JSON.") var json = false
        func run() throws {
            let (secret, pub) = VRFTool.keygen()
            print(
                json
                    ? ToolJSON.object([("secretKey", .text(secret)), ("publicKey", .text(pub))])
                    : "secret key: \(secret)\npublic key: \(pub)")
        }
    }

    struct Prove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the 80-byte proof (hex) for alpha.")
        @OptionGroup var home: HomeOption
        @OptionGroup var secret: SecretKeyOption
        @Option(help: "Input alpha, hex (may be empty).") var alphaHex = ""
        func run() throws { try runTool { print(try VRFTool.prove(secretHex: try secret.hex(), alphaHex: alphaHex)) } }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify a proof; print beta (64 bytes hex) if valid.")
        @OptionGroup var home: HomeOption
        @Option(help: "Public key, 32 bytes hex.") var pkHex: String
        @Option(help: "Input alpha, hex (may be empty).") var alphaHex = ""
        @Option(help: "Proof, 80 bytes hex.") var proofHex: String
        func run() throws {
            try runTool { print(try VRFTool.verify(publicHex: pkHex, alphaHex: alphaHex, proofHex: proofHex)) }
        }
    }
}
