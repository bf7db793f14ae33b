import BPICodec
import BPIHash
import BPITypes
import Foundation
import GRDB

/// The registry's index (docs/SPEC.md §14.7), one SQLite file through GRDB: the verified chain
/// entries (so a restart re-verifies from genesis and resumes where it stopped) and the receipts by
/// id, agreement, executor and position. A block's entry and its receipts are written in one
/// transaction: after a crash at any point the index holds whole blocks only, none twice.
public final class RegistryStore: Sendable {
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

    /// The highest indexed height (0 when empty).
    public func height() throws(RegistryError) -> UInt64 {
        try read { db in UInt64(try Int64.fetchOne(db, sql: "SELECT MAX(height) FROM entries") ?? 0) }
    }

    /// How many receipts are indexed.
    public func count() throws(RegistryError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM receipts") ?? 0 }
    }

    /// The stored entries, in height order (what a restart re-verifies).
    public func entries() throws(RegistryError) -> [ChainEntry] {
        let rows: [Data] = try read { db in try Data.fetchAll(db, sql: "SELECT bytes FROM entries ORDER BY height") }
        do {
            return try rows.map { try ChainEntry(canonicalBytes: [UInt8]($0)) }
        } catch {
            throw .database("a stored entry does not decode: \(error)")
        }
    }

    /// Indexes one verified block: its entry and its receipts, in one transaction.
    public func append(_ entry: ChainEntry, receipts: [Receipt]) throws(RegistryError) {
        try appendMany([(entry, receipts)])
    }

    /// Indexes blocks in one transaction: each entry (with its header and its receipts' ids, what a
    /// proof reads) and its receipts.
    public func appendMany(_ blocks: [(ChainEntry, [Receipt])]) throws(RegistryError) {
        do {
            try pool.write { db in
                for (entry, receipts) in blocks {
                    let h = Int64(entry.header.height)
                    try db.execute(
                        sql: "INSERT INTO entries (height, bytes, header, ids) VALUES (?, ?, ?, ?)",
                        arguments: [
                            h, Data(entry.canonicalBytes()), Data(entry.header.canonicalBytes()),
                            Data(receipts.flatMap(\.id.bytes)),
                        ])
                    for (i, r) in receipts.enumerated() {
                        try db.execute(
                            sql: "INSERT INTO receipts (id, height, idx, agreement, executor, bytes) VALUES (?, ?, ?, ?, ?, ?)",
                            arguments: [
                                Data(r.id.bytes), h, i, Data(r.runHeader.agreementID.bytes), Data(r.executor.bytes),
                                Data(r.canonicalBytes()),
                            ])
                    }
                }
            }
        } catch {
            throw .database("cannot index: \(error)")
        }
    }

    /// A receipt by id, with its position.
    public func receipt(id: Hash32) throws(RegistryError) -> (receipt: Receipt, at: RegistryCursor)? {
        let row = try read { db in
            try Row.fetchOne(db, sql: "SELECT height, idx, bytes FROM receipts WHERE id = ?", arguments: [Data(id.bytes)])
        }
        guard let row else { return nil }
        return (
            try Self.decode(row["bytes"]), RegistryCursor(height: UInt64(row["height"] as Int64), index: Int(row["idx"] as Int64))
        )
    }

    /// The header of block `height` and its receipts' ids, in block order: what a proof needs.
    public func block(_ height: UInt64) throws(RegistryError) -> (header: Header, ids: [Hash32])? {
        let row = try read { db in
            try Row.fetchOne(db, sql: "SELECT header, ids FROM entries WHERE height = ?", arguments: [Int64(height)])
        }
        guard let row else { return nil }
        let ids = [UInt8](row["ids"] as Data)
        do {
            return (
                try Header(canonicalBytes: [UInt8](row["header"] as Data)),
                stride(from: 0, to: ids.count, by: 32).compactMap { Hash32(Array(ids[$0..<$0 + 32])) }
            )
        } catch {
            throw .database("height \(height) does not decode: \(error)")
        }
    }

    /// One page of `query`, and the cursor of its last item when more may follow.
    public func page(_ query: ReceiptQuery) throws(RegistryError) -> (items: [(Receipt, RegistryCursor)], next: RegistryCursor?) {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let a = query.agreement {
            conditions.append("agreement = ?")
            arguments.append(Data(a.bytes))
        }
        if let e = query.executor {
            conditions.append("executor = ?")
            arguments.append(Data(e.bytes))
        }
        if let f = query.fromHeight {
            conditions.append("height >= ?")
            arguments.append(Int64(clamping: f))
        }
        if let t = query.toHeight {
            conditions.append("height <= ?")
            arguments.append(Int64(clamping: t))
        }
        if let c = query.after {
            // A row value, so that SQLite seeks the (agreement|executor, height, idx) index to the cursor.
            conditions.append("(height, idx) > (?, ?)")
            arguments += [Int64(clamping: c.height), c.index]
        }
        let limit = max(1, min(query.limit, ReceiptQuery.maxLimit))
        let sql =
            "SELECT height, idx, bytes FROM receipts"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY height, idx LIMIT \(limit + 1)"
        let rows = try read { db in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) }
        var items: [(Receipt, RegistryCursor)] = []
        for row in rows.prefix(limit) {
            items.append(
                (
                    try Self.decode(row["bytes"]),
                    RegistryCursor(height: UInt64(row["height"] as Int64), index: Int(row["idx"] as Int64))
                ))
        }
        return (items, rows.count > limit ? items.last?.1 : nil)
    }

    private static func decode(_ bytes: Data) throws(RegistryError) -> Receipt {
        do {
            return try Receipt(canonicalBytes: [UInt8](bytes))
        } catch {
            throw .database("a stored receipt does not decode: \(error)")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(RegistryError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw .database("\(error)")
        }
    }
}
