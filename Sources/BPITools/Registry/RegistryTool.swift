import BPICrypto
import BPIRegistry
import BPIToolKit
import BPITypes
import Foundation
import Logging

/// `bpi registry serve|token` (docs/CLI.md): the receipt registry over a validator's chain.
public enum RegistryTool {
    /// Follows `rpc`'s chain from the genesis it serves, checked against `genesisPath` when given,
    /// indexing into the SQLite file `db` or the PostgreSQL `postgres` URL (exactly one), and answers
    /// on `host:port` until interrupted.
    public static func serve(
        rpc: RPCClient, genesisPath: String?, db: String?, postgres: String?, host: String, port: Int, jwtSecretFile: String?,
        onListening: @escaping @Sendable (Int) -> Void
    ) async throws(ToolError) {
        let genesis: Genesis
        if let genesisPath {
            do {
                genesis = try Genesis(json: Data(try InputReader.readAll(path: genesisPath)))
            } catch let error as ToolError {
                throw error
            } catch {
                throw .badInput("\(genesisPath) is not a genesis: \(error)")
            }
        } else {
            do {
                genesis = try Genesis(json: try await rpc.get("/v1/genesis"))
            } catch let error as ToolError {
                throw error
            } catch {
                throw .verificationFailed("the node's genesis does not load: \(error)")
            }
        }
        let auth: RegistryAuth
        if let jwtSecretFile {
            let secret: String
            do {
                secret = try SecretFile.firstLine(atPath: jwtSecretFile, privateOnly: true)
            } catch {
                throw .badInput("--jwt-secret-file: \(error)")
            }
            guard secret.utf8.count >= 32 else { throw .badInput("--jwt-secret-file must hold a secret of at least 32 bytes") }
            auth = await RegistryAuth.jwt(secret: Array(secret.utf8))
        } else {
            auth = .open
        }
        var logger = Logger(label: "bpi.registry")
        logger.logLevel = .info
        let store = try await openStore(db: db, postgres: postgres)
        logger.info("registry index: \(postgres != nil ? "PostgreSQL" : "SQLite")")
        do {
            try await RegistryService.run(
                genesis: genesis, store: store, source: RPCChainSource(rpc: rpc), auth: auth, host: host,
                port: port, logger: logger, onListening: onListening)
        } catch let error as RegistryError {
            throw .verificationFailed(error.description)
        } catch {
            throw .io("the registry stopped: \(error)")
        }
    }

    /// The index named by the options: the SQLite file `db` or the PostgreSQL `postgres` URL
    /// (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=&sslmode=]`, password from
    /// `PGPASSWORD` when the URL has none).
    public static func openStore(db: String?, postgres: String?) async throws(ToolError) -> any RegistryStore {
        switch (db, postgres) {
        case (let path?, nil):
            do {
                return try SQLiteRegistryStore(path: path)
            } catch {
                throw .badInput(error.description)
            }
        case (nil, let url?):
            let location: PostgresLocation
            do {
                location = try PostgresLocation(url: url)
            } catch {
                throw .badInput("--postgres: \(error.description)")
            }
            do {
                return try await PostgresRegistryStore(location: location)
            } catch {
                throw .io(error.description)
            }
        default:
            throw .badInput("name the index with exactly one of --db FILE (SQLite) or --postgres URL")
        }
    }

    /// A read token for `subject`, valid `seconds`, signed with the secret in `secretFile`.
    public static func token(secretFile: String, subject: String, scope: String, seconds: Double) async throws(ToolError)
        -> String
    {
        let secret: String
        do {
            secret = try SecretFile.firstLine(atPath: secretFile, privateOnly: true)
        } catch {
            throw .badInput("--jwt-secret-file: \(error)")
        }
        guard secret.utf8.count >= 32 else { throw .badInput("--jwt-secret-file must hold a secret of at least 32 bytes") }
        do {
            return try await RegistryAuth.token(
                secret: Array(secret.utf8), subject: subject, scope: scope, expires: Date().addingTimeInterval(seconds))
        } catch {
            throw .io("cannot sign the token: \(error)")
        }
    }
}
