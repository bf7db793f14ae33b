import BPICrypto
import BPIToolKit
import Foundation

/// Where a command's key passphrase comes from: `--passphrase-file` (its first line), else
/// `--passphrase-fd`, else `$BPI_PASSPHRASE` (removed from the environment once read), else a
/// prompt with echo off when a terminal is attached. One reader (`PassphraseSource`) behind all of
/// them, shared with `bpi node`. Passphrases are never logged.
public enum Passphrase {
    /// Reads the passphrase; `prompt` is shown only when asking a terminal.
    public static func read(
        file: String?, fileDescriptor: Int32? = nil, environmentVariable: String = "BPI_PASSPHRASE",
        prompt: String = "Passphrase: "
    ) throws(ToolError) -> [UInt8] {
        let source: PassphraseSource
        if let file {
            source = .file(file, privateOnly: false)
        } else if let fileDescriptor {
            source = .fileDescriptor(fileDescriptor)
        } else if ProcessInfo.processInfo.environment[environmentVariable] != nil {
            source = .environment(environmentVariable)
        } else {
            source = .terminal(prompt: prompt)
        }
        do {
            return try source.read()
        } catch {
            if case .io(let m) = error { throw .io(m) }
            throw .badInput(error.description)
        }
    }
}
