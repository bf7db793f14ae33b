import ArgumentParser
import BPIToolKit
import BPITools
import Foundation

struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract:
            "The receipt registry: follow a validator's chain as a light client and serve its receipts (docs/SPEC.md §14.7).",
        subcommands: [Serve.self, Token.self])

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Index every finalized receipt of --rpc's chain (SQLite --db or --postgres) and answer queries over HTTP.",
            discussion: """
                Every header is verified from the genesis as a light client, and every block's frames against its \
                header, before its receipts are indexed; the database holds the verified entries, so a restart (even \
                after kill -9) re-verifies them and resumes without missing or repeating a receipt. Routes: \
                GET /v1/registry/status, /v1/registry/receipts/{id}, /v1/registry/receipts?agreement=&executor=&from=&to=&after=&limit= \
                — each receipt with its inclusion proof. With --jwt-secret-file, reads need a bearer JWT (HS256) \
                whose scope includes registry:read (bpi registry token): 401 without one, 403 without the scope. \
                The index is one SQLite file (--db, nothing to install) or a PostgreSQL schema (--postgres \
                postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=bpi_registry&sslmode=prefer]; without a password \
                in the URL, PGPASSWORD is read): both answer identically. Prints "listening on HOST:PORT" when ready. Exit 1 if the source's chain does not verify, 2 for bad \
                options or a database that cannot be opened.
                """)
        @Option(help: "A validator's API to follow.") var rpc: String
        @Option(help: "The genesis to verify from (default: the one the node serves).") var genesis: String?
        @Option(help: "The registry's SQLite database (created if missing).") var db: String?
        @Option(help: "A PostgreSQL URL for the index instead of --db (schema and tables created if missing).")
        var postgres: String?
        @Option(help: "Where to listen, HOST:PORT (port 0: any free port).") var listen = "127.0.0.1:26680"
        @Option(help: "File whose first line is the HS256 secret (≥ 32 bytes, mode 0600): reads need a token.")
        var jwtSecretFile: String?

        func run() async throws {
            try await runToolAsync {
                let parts = listen.split(separator: ":")
                guard parts.count == 2, let port = Int(parts[1]), (0...65_535).contains(port) else {
                    throw ToolError.badInput("--listen takes HOST:PORT")
                }
                try await RegistryTool.serve(
                    rpc: try RPCClient(url: rpc, timeout: 30), genesisPath: genesis, db: db, postgres: postgres,
                    host: String(parts[0]), port: port,
                    jwtSecretFile: jwtSecretFile
                ) { [host = parts[0]] bound in
                    FileHandle.standardOutput.write(Data("listening on \(host):\(bound)\n".utf8))
                }
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a bearer JWT for the registry's readers.")
        @Option(help: "File whose first line is the registry's HS256 secret.") var jwtSecretFile: String
        @Option(help: "Who the token is for.") var subject: String
        @Option(help: "Space-separated scopes (reading needs registry:read).") var scope = "registry:read"
        @Option(help: "Seconds until it expires.") var ttl: Double = 3_600

        func run() async throws {
            try await runToolAsync {
                print(try await RegistryTool.token(secretFile: jwtSecretFile, subject: subject, scope: scope, seconds: ttl))
            }
        }
    }
}
