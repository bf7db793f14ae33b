import ArgumentParser
import BPIToolKit
import BPITools
import Foundation

struct ReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt", abstract: "DockLock receipts: show and replay (docs/SPEC.md §13.5).",
        subcommands: [Show.self, Replay.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a receipt (canonical CBOR, or its hex) as JSON.",
            discussion: "Exit 0, or 2 when the file cannot be read or is not a canonical receipt.")
        @Argument(help: "The receipt file (- for standard input).") var receipt: String

        func run() throws {
            try runTool { print(try ReceiptTool.show(receipt)) }
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-execute a receipt from its witness log alone and compare.",
            discussion: """
                Checks that the witness log is the receipt's (its root), that it holds what the run header fixes \
                (module, inputs, clock readings, random bytes), re-runs the program on it in the cage that made the \
                receipt, and compares the event stream's root, the outputs, the outcome, the exit code, the fuel and \
                the event count. Exit 0 when the replay reproduces the receipt, 1 when it does not (naming the first \
                difference), 2 when a file cannot be read.
                """)
        @Option(help: "The receipt (canonical CBOR or hex).") var receipt: String
        @Option(help: "The witness log (bpi run writes OUT/witness.log).") var witness: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try runTool {
                let report = try ReceiptTool.replay(receiptPath: receipt, witnessPath: witness)
                print(json ? report.json : report.text)
                if let failure = report.failure { throw ToolError.verificationFailed(failure) }
            }
        }
    }
}
