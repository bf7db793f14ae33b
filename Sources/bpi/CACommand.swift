import ArgumentParser
import BPITools
import Foundation

struct CACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca",
        abstract: "Development certificate authority: X.509 certificates whose URI SAN is a validator's SPIFFE ID (for mTLS).",
        subcommands: [Init.self, CSR.self, Issue.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the CA in <home>/ca (Ed25519; key file mode 0600). Never overwrites.")
        @OptionGroup var home: HomeOption
        @Option(help: "SPIFFE trust domain the CA certifies.") var trustDomain = "bpi.local"
        func run() throws { try runTool { print(try CATool.initialize(home: home.url, trustDomain: trustDomain)) } }
    }

    struct CSR: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "csr",
            abstract: "Print a PEM certificate signing request for a key, asking for its SPIFFE ID as URI SAN.")
        @OptionGroup var home: HomeOption
        @Option(help: "Name of the key (see `bpi keys list`).") var key: String
        @Option(help: "File whose first line is the key's passphrase.") var passphraseFile: String?
        @Option(help: "Trust domain (default: the CA's in this home, else bpi.local).") var trustDomain: String?
        func run() throws {
            try runTool {
                let passphrase = try Passphrase.read(file: passphraseFile)
                print(
                    try CATool.csr(home: home.url, keyName: key, passphrase: passphrase, trustDomain: trustDomain), terminator: ""
                )
            }
        }
    }

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a CSR (signature, trust domain, SPIFFE ID matching its key) and print the issued PEM certificate.")
        @OptionGroup var home: HomeOption
        @Argument(help: "The CSR file (PEM), or - for stdin.") var csr: String
        @Option(help: "Validity in days (1…3650).") var days = 30
        func run() throws { try runTool { print(try CATool.issue(home: home.url, csrPath: csr, days: days), terminator: "") } }
    }
}
