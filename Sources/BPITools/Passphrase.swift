import BPICrypto
import BPIToolKit
import Foundation

/// Where a key's passphrase comes from: `--passphrase-file` (its first line), else `$BPI_PASSPHRASE`,
/// else a prompt with echo off when a terminal is attached. Passphrases are never logged.
public enum Passphrase {
    /// Reads the passphrase; `prompt` is shown only when asking a terminal.
    public static func read(file: String?, environmentVariable: String = "BPI_PASSPHRASE", prompt: String = "Passphrase: ")
        throws(ToolError) -> [UInt8]
    {
        var text: String?
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw .io("cannot read passphrase file \(file)") }
            text = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first.map(
                String.init)
        } else if let env = ProcessInfo.processInfo.environment[environmentVariable] {
            text = env
        } else if isatty(0) == 1, let entered = getpass(prompt) {
            text = String(cString: entered)
        }
        guard let text, !text.isEmpty else { throw .badInput(IdentityError.passphraseRequired.description) }
        return Array(text.utf8)
    }
}
