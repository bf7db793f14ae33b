import BPIHash
import BPITypes
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// The registry's index in PostgreSQL through postgres-nio (docs/SPEC.md §14.7), for operators who
/// outgrow one SQLite file: the same tables, indexes and answers as ``SQLiteRegistryStore``, in the
/// location's schema. Blocks are inserted in one transaction with array parameters (`unnest`), so
/// indexing costs a few round trips per batch, not one per receipt.
public final class PostgresRegistryStore: RegistryStore {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let schema: String
    private let logger: Logger

    /// Receipts per INSERT statement (bounds one message's size).
    static let insertChunk = 10_000

    /// Connects to `location`, creating the schema and tables when missing. Fails at once when the
    /// server cannot be reached or refuses the credentials (one direct connection checks both before
    /// the pool starts, so a wrong password is an error, not a pool retrying forever).
    public init(location: PostgresLocation, logger: Logger? = nil) async throws(RegistryError) {
        var quiet = Logger(label: "bpi.registry.postgres")
        quiet.logLevel = .error
        let logger = logger ?? quiet
        let s = location.schema
        do {
            var direct = PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: try Self.connectionTLS(location.tls))
            direct.options.connectTimeout = .seconds(10)
            let connection = try await PostgresConnection.connect(configuration: direct, id: 0, logger: logger)
            do {
                // One statement each: the extended protocol takes one command per query.
                for statement in [
                    "CREATE SCHEMA IF NOT EXISTS \(s)",
                    """
                    CREATE TABLE IF NOT EXISTS \(s).entries (
                        height BIGINT PRIMARY KEY, bytes BYTEA NOT NULL, header BYTEA NOT NULL, ids BYTEA NOT NULL)
                    """,
                    """
                    CREATE TABLE IF NOT EXISTS \(s).receipts (
                        id BYTEA PRIMARY KEY, height BIGINT NOT NULL, idx BIGINT NOT NULL, agreement BYTEA NOT NULL,
                        executor BYTEA NOT NULL, bytes BYTEA NOT NULL)
                    """,
                    "CREATE UNIQUE INDEX IF NOT EXISTS receipts_position ON \(s).receipts (height, idx)",
                    "CREATE INDEX IF NOT EXISTS receipts_agreement ON \(s).receipts (agreement, height, idx)",
                    "CREATE INDEX IF NOT EXISTS receipts_executor ON \(s).receipts (executor, height, idx)",
                ] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        } catch {
            throw .database("cannot open \(location): \(Self.describe(error))")
        }
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: Self.clientTLS(location.tls))
        configuration.options.maximumConnections = 8
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.runner = Task { await client.run() }
        self.schema = s
        self.logger = logger
    }

    static func connectionTLS(_ mode: PostgresLocation.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    static func clientTLS(_ mode: PostgresLocation.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    deinit { runner.cancel() }

    /// Closes the connections.
    public func close() { runner.cancel() }

    public func height() async throws(RegistryError) -> UInt64 {
        let h = try await one("SELECT COALESCE(MAX(height), 0) FROM \(schema).entries", as: Int64.self) ?? 0
        return UInt64(max(0, h))
    }

    public func count() async throws(RegistryError) -> Int {
        Int(try await one("SELECT COUNT(*) FROM \(schema).receipts", as: Int64.self) ?? 0)
    }

    public func entries() async throws(RegistryError) -> [ChainEntry] {
        var out: [ChainEntry] = []
        do {
            let rows = try await client.query(PostgresQuery(unsafeSQL: "SELECT bytes FROM \(schema).entries ORDER BY height"))
            for try await bytes in rows.decode(ByteBuffer.self) {
                out.append(try RegistryRows.entry(Array(buffer: bytes)))
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .database(Self.describe(error))
        }
        return out
    }

    public func appendMany(_ blocks: [(ChainEntry, [Receipt])]) async throws(RegistryError) {
        let rows = RegistryRows.rows(blocks)
        let s = schema
        let logger = logger
        do {
            try await client.withTransaction(logger: logger) { connection in
                var binds = PostgresBindings(capacity: 4)
                binds.append(rows.entries.map(\.height))
                binds.append(rows.entries.map { ByteBuffer(bytes: $0.bytes) })
                binds.append(rows.entries.map { ByteBuffer(bytes: $0.header) })
                binds.append(rows.entries.map { ByteBuffer(bytes: $0.ids) })
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "INSERT INTO \(s).entries (height, bytes, header, ids) SELECT * FROM unnest($1, $2, $3, $4)",
                        binds: binds), logger: logger)
                for start in stride(from: 0, to: rows.receipts.count, by: Self.insertChunk) {
                    let chunk = rows.receipts[start..<min(start + Self.insertChunk, rows.receipts.count)]
                    var binds = PostgresBindings(capacity: 6)
                    binds.append(chunk.map { ByteBuffer(bytes: $0.id) })
                    binds.append(chunk.map(\.height))
                    binds.append(chunk.map(\.index))
                    binds.append(chunk.map { ByteBuffer(bytes: $0.agreement) })
                    binds.append(chunk.map { ByteBuffer(bytes: $0.executor) })
                    binds.append(chunk.map { ByteBuffer(bytes: $0.bytes) })
                    try await connection.query(
                        PostgresQuery(
                            unsafeSQL: """
                                INSERT INTO \(s).receipts (id, height, idx, agreement, executor, bytes)
                                SELECT * FROM unnest($1, $2, $3, $4, $5, $6)
                                """, binds: binds), logger: logger)
                }
            }
        } catch {
            throw .database("cannot index: \(Self.describe(error))")
        }
    }

    public func receipt(id: Hash32) async throws(RegistryError) -> (receipt: Receipt, at: RegistryCursor)? {
        var binds = PostgresBindings(capacity: 1)
        binds.append(ByteBuffer(bytes: id.bytes))
        let rows = try await all(
            PostgresQuery(unsafeSQL: "SELECT height, idx, bytes FROM \(schema).receipts WHERE id = $1", binds: binds))
        guard let row = rows.first else { return nil }
        return (try RegistryRows.receipt(row.bytes), try RegistryRows.cursor(height: row.height, index: row.index))
    }

    public func blocks(_ heights: Set<UInt64>) async throws(RegistryError) -> [UInt64: (header: Header, ids: [Hash32])] {
        guard !heights.isEmpty else { return [:] }
        var binds = PostgresBindings(capacity: 1)
        binds.append(heights.sorted().map { Int64(clamping: $0) })
        var out: [UInt64: (header: Header, ids: [Hash32])] = [:]
        do {
            let rows = try await client.query(
                PostgresQuery(unsafeSQL: "SELECT height, header, ids FROM \(schema).entries WHERE height = ANY($1)", binds: binds)
            )
            for try await (h, header, ids) in rows.decode((Int64, ByteBuffer, ByteBuffer).self) {
                let height = UInt64(max(0, h))
                out[height] = try RegistryRows.block(height: height, header: Array(buffer: header), ids: Array(buffer: ids))
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .database(Self.describe(error))
        }
        return out
    }

    public func page(_ query: ReceiptQuery) async throws(RegistryError) -> (
        items: [(Receipt, RegistryCursor)], next: RegistryCursor?
    ) {
        let sql = query.sql(table: "\(schema).receipts") { "$\($0)" }
        var binds = PostgresBindings(capacity: sql.values.count)
        for value in sql.values {
            switch value {
            case .bytes(let b): binds.append(ByteBuffer(bytes: b))
            case .integer(let i): binds.append(i)
            }
        }
        let rows = try await all(PostgresQuery(unsafeSQL: sql.text, binds: binds))
        var items: [(Receipt, RegistryCursor)] = []
        for row in rows.prefix(sql.limit) {
            items.append((try RegistryRows.receipt(row.bytes), try RegistryRows.cursor(height: row.height, index: row.index)))
        }
        return (items, rows.count > sql.limit ? items.last?.1 : nil)
    }

    /// Drops the location's schema and everything in it (tests and benchmarks clean up with this).
    public func dropSchema() async throws(RegistryError) {
        do {
            try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"))
        } catch {
            throw .database(Self.describe(error))
        }
    }

    private func all(_ query: PostgresQuery) async throws(RegistryError) -> [(height: Int64, index: Int64, bytes: [UInt8])] {
        var out: [(height: Int64, index: Int64, bytes: [UInt8])] = []
        do {
            let rows = try await client.query(query)
            for try await (h, i, b) in rows.decode((Int64, Int64, ByteBuffer).self) {
                out.append((h, i, Array(buffer: b)))
            }
        } catch {
            throw .database(Self.describe(error))
        }
        return out
    }

    private func one<T: PostgresDecodable>(_ sql: String, as: T.Type) async throws(RegistryError) -> T? {
        do {
            let rows = try await client.query(PostgresQuery(unsafeSQL: sql))
            for try await value in rows.decode(T.self) { return value }
            return nil
        } catch {
            throw .database(Self.describe(error))
        }
    }

    /// postgres-nio's errors say little in `description` (on purpose); the server's message is in the
    /// reflection. Neither carries the password.
    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return "server: \(message)" }
            return "\(e.code)" + (e.underlying.map { ": \($0)" } ?? "")
        }
        if let e = error as? PostgresTransactionError {
            for inner in [e.closureError, e.commitError, e.beginError, e.rollbackError] {
                if let inner { return describe(inner) }
            }
        }
        return String(describing: error)
    }
}
