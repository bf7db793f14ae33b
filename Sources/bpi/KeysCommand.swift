import ArgumentParser
import BPIToolKit
import BPITools
import Foundation

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Validator identity keys (Ed25519), encrypted at rest in <home>/keys.",
        discussion: """
            Key files are sealed with XChaCha20-Poly1305 under a key stretched from the passphrase with Argon2id, \
            written with mode 0600 and never overwritten. The passphrase comes from --passphrase-file (first line), \
            else $BPI_PASSPHRASE, else a prompt when a terminal is attached.
            """,
        subcommands: [Gen.self, Show.self, List.self, Rotate.self])

    struct Gen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Generate a new key; refuses to overwrite an existing one.")
        @OptionGroup var home: HomeOption
        @Option(help: "Name of the key (letters, digits, '-', '_').") var name: String
        @Option(help: "File whose first line is the passphrase.") var passphraseFile: String?
        @Option(help: "Trust domain for the printed SPIFFE ID (default: the dev CA's, else bpi.local).") var trustDomain: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try runTool {
                let passphrase = try Passphrase.read(file: passphraseFile, newKey: true)
                print(
                    try KeysTool.generate(
                        home: home.url, name: name, passphrase: passphrase, trustDomain: trustDomain, json: json))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a key's public key, validator id and SPIFFE ID (no passphrase needed).")
        @OptionGroup var home: HomeOption
        @Argument(help: "Name of the key.") var name: String
        @Option(help: "Trust domain for the SPIFFE ID (default: the dev CA's, else bpi.local).") var trustDomain: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try runTool { print(try KeysTool.show(home: home.url, name: name, trustDomain: trustDomain, json: json)) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys: name, public key, validator id, rotations.")
        @OptionGroup var home: HomeOption
        @Option(help: "Trust domain for SPIFFE IDs in JSON output.") var trustDomain: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try runTool {
                let listing = try KeysTool.list(home: home.url, trustDomain: trustDomain, json: json)
                print(listing.text)
                if !listing.unreadable.isEmpty {
                    throw ToolError.badInput(
                        "\(listing.unreadable.count) key file(s) cannot be read: \(listing.unreadable.joined(separator: ", "))")
                }
            }
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Replace a key with a new one and write a rotation statement signed by the old key and countersigned by the new.")
        @OptionGroup var home: HomeOption
        @Argument(help: "Name of the key.") var name: String
        @Option(help: "File whose first line is the current passphrase.") var passphraseFile: String?
        @Option(help: "File whose first line is the new key's passphrase (default: keep the current one).") var newPassphraseFile:
            String?
        @Option(help: "Trust domain for the printed SPIFFE ID.") var trustDomain: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try runTool {
                let passphrase = try Passphrase.read(file: passphraseFile)
                let newPassphrase = try newPassphraseFile.map { try Passphrase.read(file: $0) }
                print(
                    try KeysTool.rotate(
                        home: home.url, name: name, passphrase: passphrase, newPassphrase: newPassphrase,
                        trustDomain: trustDomain, json: json))
            }
        }
    }
}
