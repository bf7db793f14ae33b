import ArgumentParser
import BPICrypto
import BPIToolKit
import Foundation

/// `--key-file F` or `--key-hex HEX` for `bpi aead` (standard input carries the data there, so the
/// file cannot be `-`).
struct AEADKeyOption: ParsableArguments {
    @Option(help: "File whose first line is the 32-byte key in hex.") var keyFile: String?
    @Option(help: "The 32-byte key in hex. UNSAFE for real keys (visible in ps and shell history); for test vectors.")
    var keyHex: String?

    /// The key's hex text.
    func hex() throws(ToolError) -> String {
        guard keyFile != "-" else { throw .badInput("--key-file - is not possible: standard input carries the data") }
        return try SecretHex.read(file: keyFile, hex: keyHex, names: ("--key-file", "--key-hex"))
    }
}
