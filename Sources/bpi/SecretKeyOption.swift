import ArgumentParser
import BPICrypto
import BPIToolKit
import Foundation

/// `--sk-file F` (first line, hex; `-` reads standard input) or `--sk-hex HEX`: a secret key for
/// the signing tools. A key on the command line is visible to every user of the machine in `ps`
/// and lands in shell history, so `--sk-hex` is for published test vectors only.
struct SecretKeyOption: ParsableArguments {
    @Option(help: "File whose first line is the secret key in hex; - reads it from standard input.") var skFile: String?
    @Option(help: "The secret key in hex. UNSAFE for real keys (visible in ps and shell history); for test vectors.")
    var skHex: String?

    /// The key's hex text.
    func hex() throws(ToolError) -> String { try SecretHex.read(file: skFile, hex: skHex, names: ("--sk-file", "--sk-hex")) }
}
