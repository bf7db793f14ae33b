import BPICodec
import BPIHash
import BPITypes
import Foundation
import GRDB

/// The registry's default index: one SQLite file through GRDB (docs/SPEC.md §14.7). Nothing to
/// install or run beside the registry.
public final class SQLiteRegistryStore: RegistryStore {
    private let pool: DatabasePool

    /// Opens (creating) the index at `path`.
    public init(path: String) throws(RegistryError) {
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS entries (
                            height INTEGER PRIMARY KEY NOT NULL, bytes BLOB NOT NULL, header BLOB NOT NULL,
                            ids BLOB NOT NULL);
                        CREATE TABLE IF NOT EXISTS receipts (
                            id BLOB PRIMARY KEY NOT NULL, height INTEGER NOT NULL, idx INTEGER NOT NULL,
                            agreement BLOB NOT NULL, executor BLOB NOT NULL, bytes BLOB NOT NULL);
                        CREATE UNIQUE INDEX IF NOT EXISTS receipts_position ON receipts (height, idx);
                        CREATE INDEX IF NOT EXISTS receipts_agreement ON receipts (agreement, height, idx);
                        CREATE INDEX IF NOT EXISTS receipts_executor ON receipts (executor, height, idx);
                        """)
            }
        } catch {
            throw .database("cannot open \(path): \(error)")
        }
    }

    public func height() throws(RegistryError) -> UInt64 {
        try read { db in UInt64(try Int64.fetchOne(db, sql: "SELECT MAX(height) FROM entries") ?? 0) }
    }

    public func count() throws(RegistryError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM receipts") ?? 0 }
    }

    public func entries() throws(RegistryError) -> [ChainEntry] {
        let rows: [Data] = try read { db in try Data.fetchAll(db, sql: "SELECT bytes FROM entries ORDER BY height") }
        return try rows.map { (row) throws(RegistryError) in try RegistryRows.entry([UInt8](row)) }
    }

    public func appendMany(_ blocks: [(ChainEntry, [Receipt])]) throws(RegistryError) {
        let rows = RegistryRows.rows(blocks)
        do {
            try pool.write { db in
                for e in rows.entries {
                    try db.execute(
                        sql: "INSERT INTO entries (height, bytes, header, ids) VALUES (?, ?, ?, ?)",
                        arguments: [e.height, Data(e.bytes), Data(e.header), Data(e.ids)])
                }
                for r in rows.receipts {
                    try db.execute(
                        sql: "INSERT INTO receipts (id, height, idx, agreement, executor, bytes) VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [Data(r.id), r.height, r.index, Data(r.agreement), Data(r.executor), Data(r.bytes)])
                }
            }
        } catch {
            throw .database("cannot index: \(error)")
        }
    }

    public func receipt(id: Hash32) throws(RegistryError) -> (receipt: Receipt, at: RegistryCursor)? {
        let row = try read { db in
            try Row.fetchOne(db, sql: "SELECT height, idx, bytes FROM receipts WHERE id = ?", arguments: [Data(id.bytes)])
        }
        guard let row else { return nil }
        return (
            try RegistryRows.receipt([UInt8](row["bytes"] as Data)),
            try RegistryRows.cursor(height: row["height"], index: row["idx"])
        )
    }

    public func blocks(_ heights: Set<UInt64>) throws(RegistryError) -> [UInt64: (header: Header, ids: [Hash32])] {
        guard !heights.isEmpty else { return [:] }
        let list = heights.sorted().map { Int64(clamping: $0) }
        let rows = try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT height, header, ids FROM entries WHERE height IN (\(list.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(list))
        }
        var out: [UInt64: (header: Header, ids: [Hash32])] = [:]
        for row in rows {
            let h = UInt64(max(0, row["height"] as Int64))
            out[h] = try RegistryRows.block(height: h, header: [UInt8](row["header"] as Data), ids: [UInt8](row["ids"] as Data))
        }
        return out
    }

    public func page(_ query: ReceiptQuery) throws(RegistryError) -> (items: [(Receipt, RegistryCursor)], next: RegistryCursor?) {
        let sql = query.sql(table: "receipts") { _ in "?" }
        let arguments: [any DatabaseValueConvertible] = sql.values.map {
            switch $0 {
            case .bytes(let b): return Data(b)
            case .integer(let i): return i
            }
        }
        let rows = try read { db in try Row.fetchAll(db, sql: sql.text, arguments: StatementArguments(arguments)) }
        var items: [(Receipt, RegistryCursor)] = []
        for row in rows.prefix(sql.limit) {
            items.append(
                (
                    try RegistryRows.receipt([UInt8](row["bytes"] as Data)),
                    try RegistryRows.cursor(height: row["height"], index: row["idx"])
                ))
        }
        return (items, rows.count > sql.limit ? items.last?.1 : nil)
    }

    private func read<T>(_ body: (Database) throws -> T) throws(RegistryError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw .database("\(error)")
        }
    }
}
