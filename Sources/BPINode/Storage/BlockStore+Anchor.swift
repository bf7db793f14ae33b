import BPIAnchor
import BPICodec
import Foundation
import GRDB

/// Each anchor poster's state (docs/SPEC.md §18.6): `anchor_state(name, state)`, the canonical
/// `AnchorState` of the L1 named `name`, written durably before any of its transactions leaves.
extension BlockStore {
    /// The saved state of the poster for `name`, or nil before its first save.
    public func anchorState(_ name: String) throws(BlockStoreError) -> AnchorState? {
        do {
            return try pool.read { db -> AnchorState? in
                guard try db.tableExists("anchor_state"),
                    let bytes = try Data.fetchOne(db, sql: "SELECT state FROM anchor_state WHERE name = ?", arguments: [name])
                else { return nil }
                return try AnchorState(canonicalBytes: [UInt8](bytes))
            }
        } catch {
            throw .database("cannot read the anchor state of \(name) from \(path): \(error)")
        }
    }

    /// Saves the poster's state for `name`.
    public func saveAnchorState(_ name: String, _ state: AnchorState) throws(BlockStoreError) {
        do {
            try pool.write { db in
                try Self.createAnchorTable(db)
                try db.execute(
                    sql: "INSERT OR REPLACE INTO anchor_state (name, state) VALUES (?, ?)",
                    arguments: [name, Data(state.canonicalBytes())])
            }
        } catch {
            throw .database("cannot save the anchor state of \(name) to \(path): \(error)")
        }
    }

    private static func createAnchorTable(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS anchor_state (name TEXT PRIMARY KEY NOT NULL, state BLOB NOT NULL)")
    }
}
