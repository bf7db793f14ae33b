import ArgumentParser
import BPINode
import BPIToolKit
import BPITools
import Foundation

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check a validator's configuration without starting it.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check HOME/config.toml, the genesis, the key file and the ports, without starting the node.",
            discussion: """
                Reads what bpi node reads before it starts — config.toml, the genesis it names, this validator's entry, \
                the key file (its public key must be that entry's identity; the key is not unlocked), the API token \
                file — and says whether the peer and API ports are free now. Exit 0 when all of it is usable (ports \
                in use are a warning), 2 with the first problem otherwise.
                """)
        @Option(help: "The validator's folder (e.g. devnet/v0).") var home: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try runTool {
                let summary: ConfigCheck.Summary
                do {
                    summary = try ConfigCheck.run(home: URL(fileURLWithPath: home))
                } catch {
                    throw ToolError.badInput("\(home): \(error)")
                }
                if json {
                    printJSON(summary)
                } else {
                    print(
                        "config OK: validator \(summary.index) of \(summary.validators) on chain \(summary.chainID); "
                            + "peers on \(summary.listen), API on \(summary.api); identity \(summary.identityKey)")
                }
                if !summary.portsInUse.isEmpty {
                    FileHandle.standardError.write(
                        Data(
                            "bpi: warning: in use now: \(summary.portsInUse.joined(separator: ", ")) (is the node running?)\n"
                                .utf8))
                }
            }
        }
    }
}
