import ArgumentParser
import BPIToolKit
import BPITools
import Foundation

struct ShadowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shadow",
        abstract: "Shadow receipts: a gateway's receipts for a legacy system that cannot sign (docs/SPEC.md §14.6).",
        discussion: """
            The principal (the legacy system's registered service, or an operator key kept as a local service) \
            delegates to a gateway: agreements, a time window, an audit label, and whether it may delegate further. \
            The gateway issues shadow receipts carrying the chain of delegations; verify checks the whole chain of \
            custody. Exit 0 valid, 1 refused (naming the broken link), 2 malformed input or unreadable files.
            """,
        subcommands: [Delegate.self, Issue.self, Verify.self])

    struct Delegate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a delegation as the local service --issuer and write the chain of delegations to --out.")
        @OptionGroup var home: HomeOption
        @Option(help: "The issuing local service (the principal, or a gateway re-delegating with --parent).") var issuer: String
        @Option(help: "The gateway's service id (64 hex digits).") var gateway: String
        @Option(help: "The gateway's Ed25519 public key (64 hex digits).") var gatewayKey: String
        @Option(name: .customLong("agreement"), help: "An agreement id the gateway may issue under (repeat).")
        var agreements: [String] = []
        @Option(help: "First logical time (ms) of a run it may vouch for.") var notBeforeMs: UInt64
        @Option(help: "Last logical time (ms) of a run it may vouch for.") var notAfterMs: UInt64
        @Option(help: "Audit label (1–128 bytes).") var label: String
        @Flag(help: "Let the gateway delegate further, within this scope and window.") var mayRedelegate = false
        @Option(help: "The chain this delegation extends (a re-delegation).") var parent: String?
        @Option(help: "File whose first line is the issuer key's passphrase.") var passphraseFile: String?
        @Option(help: "Where to write the chain of delegations.") var out: String

        func run() throws {
            try runTool {
                let d = try ShadowTool.delegate(
                    ShadowTool.DelegationRequest(
                        gateway: gateway, gatewayKeyHex: gatewayKey, agreements: agreements, notBeforeMs: notBeforeMs,
                        notAfterMs: notAfterMs, label: label, mayRedelegate: mayRedelegate, parent: parent),
                    home: home.url, issuer: issuer, passphrase: try Passphrase.read(file: passphraseFile), out: out)
                print("delegation from \(d.issuer.hex) to \(d.delegate.hex), \(d.scope.count) agreement(s), written to \(out)")
            }
        }
    }

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a receipt as the local gateway service and write it with its chain of delegations.")
        @OptionGroup var home: HomeOption
        @Option(help: "The receipt (bpi run --receipt-out).") var receipt: String
        @Option(help: "The chain of delegations ending at this gateway (bpi shadow delegate --out).") var delegations: String
        @Option(help: "The gateway (local service).") var gateway: String
        @Option(help: "File whose first line is the gateway key's passphrase.") var passphraseFile: String?
        @Option(help: "Where to write the shadow receipt.") var out: String

        func run() throws {
            try runTool {
                let shadow = try ShadowTool.issue(
                    receiptPath: receipt, chainPath: delegations, home: home.url, gateway: gateway,
                    passphrase: try Passphrase.read(file: passphraseFile), out: out)
                print("shadow receipt \(shadow.receipt.id.hex) written to \(out)")
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a shadow receipt's chain of custody: principal → delegation → gateway → receipt.")
        @Option(help: "The shadow receipt.") var shadow: String
        @Option(help: "The principal's service id (64 hex digits).") var principal: String
        @Option(help: "The principal's Ed25519 public key (64 hex digits; GET /v1/services/{id} answers it).")
        var principalKey: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try runTool {
                let verdict = try ShadowTool.verify(path: shadow, principal: principal, principalKeyHex: principalKey)
                if json { printJSON(verdict) } else { print(verdict.text) }
                if let failure = verdict.failure { throw ToolError.verificationFailed(failure) }
            }
        }
    }
}
