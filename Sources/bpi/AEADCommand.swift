import ArgumentParser
import BPICodec
import BPIToolKit
import BPITools
import Foundation

struct AEADCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aead",
        abstract: "XChaCha20-Poly1305: seal or open stdin to stdout. Sealed form: nonce(24) ‖ ciphertext ‖ tag(16).",
        discussion: "A failed open exits 1 and writes nothing to stdout. Use --hex for hex on both sides.",
        subcommands: [Seal.self, Open.self])

    struct Options: ParsableArguments {
        @OptionGroup var home: HomeOption
        @OptionGroup var key: AEADKeyOption
        @Option(help: "Associated data, hex (authenticated, not encrypted).") var adHex: String?
        @Flag(help: "Read and write hex instead of raw bytes.") var hex = false

        func write(_ bytes: [UInt8]) {
            if hex {
                print(Hex.encode(bytes))
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
        }
    }

    struct Seal: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Encrypt stdin with a fresh random 192-bit nonce.")
        @OptionGroup var options: Options
        func run() throws {
            try runTool {
                let input = try AEADTool.decodeInput(try InputReader.readAll(), hex: options.hex)
                options.write(try AEADTool.seal(keyHex: try options.key.hex(), adHex: options.adHex, input: input))
            }
        }
    }

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decrypt and authenticate stdin; exit 1 (writing nothing) if it was altered.")
        @OptionGroup var options: Options
        func run() throws {
            try runTool {
                let input = try AEADTool.decodeInput(try InputReader.readAll(), hex: options.hex)
                options.write(try AEADTool.open(keyHex: try options.key.hex(), adHex: options.adHex, input: input))
            }
        }
    }
}
