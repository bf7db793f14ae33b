import BPICrypto
import BPIToolKit
import Foundation

/// Where a command's key passphrase comes from: `--passphrase-file` (its first line), else
/// `--passphrase-fd`, else `$BPI_PASSPHRASE` (removed from the environment once read), else a
/// prompt with echo off when a terminal is attached. One reader (`PassphraseSource`) behind all of
/// them, shared with `bpi node`. Passphrases are never logged.
public enum Passphrase {
    /// Least length of a passphrase typed for a new key.
    public static let minimumTypedLength = 8

    /// Reads the passphrase; `prompt` is shown only when asking a terminal. With `newKey`, a typed
    /// passphrase must be at least `minimumTypedLength` characters and is asked twice (a typo would
    /// otherwise seal the key under a passphrase nobody knows).
    public static func read(
        file: String?, fileDescriptor: Int32? = nil, environmentVariable: String = "BPI_PASSPHRASE",
        prompt: String = "Passphrase: ", newKey: Bool = false
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
            let passphrase = try source.read()
            if newKey, case .terminal = source {
                guard passphrase.count >= minimumTypedLength else {
                    throw ToolError.badInput("a new key's passphrase must be at least \(minimumTypedLength) characters")
                }
                guard try PassphraseSource.terminal(prompt: "Repeat the passphrase: ").read() == passphrase else {
                    throw ToolError.badInput("the two passphrases differ; nothing was written")
                }
            }
            return passphrase
        } catch let error as ToolError {
            throw error
        } catch let error as IdentityError {
            if case .io(let m) = error { throw .io(m) }
            throw .badInput(error.description)
        } catch {
            throw .badInput("\(error)")
        }
    }
}
