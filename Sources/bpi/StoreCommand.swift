import ArgumentParser
import BPITools
import Foundation

struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "The node's durable block store (SQLite, WAL, synchronous=FULL): append a chain, validate a store.",
        subcommands: [Append.self, Validate.self])

    struct Append: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append DIR/chain.cbor's entries after the store's latest height; print `stored H` once each is durable.")
        @OptionGroup var home: HomeOption
        @Option(help: "The store's database file.") var db: String
        @Option(help: "Directory with genesis.json and chain.cbor.") var chain: String
        @Option(help: "Pause after each entry (milliseconds), for crash tests.") var delayMs = 0
        func run() throws {
            try runTool { _ = try StoreTool.append(database: db, chainDirectory: chain, delayMilliseconds: delayMs) }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a store (read-only) with the light-client rules from genesis; print its height.",
            discussion: """
                Opens the database read-only (a missing file is refused, never created) and checks every height 1…latest: \
                present, linked to the previous one, and accepted by the light client from the genesis set — header, \
                commit (quorum and BLS aggregate), proposer VRF proof, evidence, set changes — with the stored payloads \
                matching each header's frames_root. Exit 0 when all of it holds, 1 when the stored chain fails a rule \
                (the message names the height), 2 when the store or genesis cannot be read.
                """)
        @OptionGroup var home: HomeOption
        @Option(help: "The store's database file.") var db: String
        @Option(help: "The genesis.json the chain starts from.") var genesis: String
        func run() throws {
            try runTool { print("valid through height \(try StoreTool.validate(database: db, genesisPath: genesis))") }
        }
    }
}
