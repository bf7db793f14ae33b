import ArgumentParser
import BPIToolKit
import BPITools
import Foundation

struct ServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Services: register, rotate and show a service's keys in the chain's service directory (SPEC §12).",
        discussion: """
            A service's Ed25519 signing key lives in the keystore (<home>/keys/NAME.key, sealed under the passphrase; \
            its X25519 session key is derived from it) and what the chain confirmed in <home>/services/NAME.json. \
            The passphrase comes from --passphrase-file (first line), else $BPI_PASSPHRASE, else a prompt.
            """,
        subcommands: [Register.self, Rotate.self, Show.self])

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a service (creating its key) and wait until the chain finalized the registration.")
        @OptionGroup var home: HomeOption
        @Option(help: "Local name of the service and its key (letters, digits, '-', '_').") var name: String
        @Option(help: "The service's SPIFFE ID, e.g. spiffe://bpi.devnet/svc/payments.") var spiffeID: String
        @Option(help: "The node's API, e.g. http://127.0.0.1:26700.") var rpc: String
        @Option(help: "File whose first line is the passphrase.") var passphraseFile: String?
        @Option(help: "Seconds to wait for finality.") var timeout = 60.0
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let passphrase = try Passphrase.read(file: passphraseFile, newKey: true)
                let client = try RPCClient(url: rpc, timeout: 30)
                let record = try await ServiceTool.register(
                    home: home.url, name: name, spiffeID: spiffeID, passphrase: passphrase, rpc: client, timeout: timeout)
                if json {
                    printJSON(record)
                } else {
                    print("registered \(record.spiffeID) as \(record.id) (finalized at height \(record.height))")
                }
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rotate a service's keys (signed by the old and the new key) and wait until the chain finalized it.",
            discussion: """
                The new key is sealed to disk before its frame is sent; a run interrupted after that resumes with the \
                same key. Frames signed by the old key are accepted until the rotation is final, none after.
                """)
        @OptionGroup var home: HomeOption
        @Option(help: "Local name of the service.") var name: String
        @Option(help: "The node's API.") var rpc: String
        @Option(help: "File whose first line is the passphrase.") var passphraseFile: String?
        @Option(help: "Seconds to wait for finality.") var timeout = 60.0
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let passphrase = try Passphrase.read(file: passphraseFile)
                let client = try RPCClient(url: rpc, timeout: 30)
                let record = try await ServiceTool.rotate(
                    home: home.url, name: name, passphrase: passphrase, rpc: client, timeout: timeout)
                if json {
                    printJSON(record)
                } else {
                    print("rotated \(record.spiffeID) to sequence \(record.sequence) (finalized at height \(record.height))")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what the node's directory holds for a service (a local name, a SPIFFE ID or 64 hex digits).")
        @OptionGroup var home: HomeOption
        @Argument(help: "The service.") var service: String
        @Option(help: "The node's API.") var rpc: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let id = try ServiceTool.resolve(service, home: home.url)
                print(try await ServiceTool.show(id, rpc: try RPCClient(url: rpc, timeout: 30), json: json))
            }
        }
    }
}
