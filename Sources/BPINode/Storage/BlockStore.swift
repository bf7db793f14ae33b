import BPICodec
import BPIHash
import BPITypes
import Foundation
import GRDB

/// Why the block store refused an operation.
public enum BlockStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database could not be opened, read or written.
    case database(String)
    /// An entry does not extend the stored chain (wrong height or previous hash).
    case notNext(height: UInt64, String)
    /// Stored data is not a valid chain (corruption).
    case corrupted(String)
    /// The store was written by an older release whose chain the current rules cannot continue.
    case outdated(String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .database(let why): return "block store: \(why)"
        case .notNext(let h, let why): return "block store: height \(h) does not extend the chain: \(why)"
        case .corrupted(let why): return "block store is corrupted: \(why)"
        case .outdated(let why): return "block store is from an older release: \(why)"
        }
    }
}

/// Finalized headers with their commits (and set changes and evidence), in SQLite through GRDB:
/// WAL journal and `synchronous = FULL`, so `append` returns only once the entry is on disk and
/// a `kill -9` at any moment loses nothing that was reported stored. Entries are canonical
/// `ChainEntry` encodings, appended strictly in height order with linked hashes.
public final class BlockStore: Sendable {
    let pool: DatabasePool
    /// The database file.
    public let path: String
    /// The store format (`PRAGMA user_version`): 2 since headers carry Proof-of-History, 3 since
    /// entries carry data-availability faults.
    public static let formatVersion = 3

    /// Opens an existing store read-only (`bpi store validate`): a missing file is refused, not
    /// created, and nothing is written.
    public init(readingExisting path: String) throws(BlockStoreError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .database("no store at \(path)") }
        self.path = path
        var config = Configuration()
        config.readonly = true
        do {
            pool = try DatabasePool(path: path, configuration: config)
            _ = try pool.read { db in try db.tableExists("blocks") ? 1 : 0 }
        } catch {
            throw .database("cannot open \(path) as a block store: \(error)")
        }
    }

    /// Opens (creating if needed) the store at `path`.
    public init(path: String) throws(BlockStoreError) {
        self.path = path
        var config = Configuration()
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try pool.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS blocks (
                            height INTEGER PRIMARY KEY NOT NULL,
                            hash BLOB NOT NULL,
                            entry BLOB NOT NULL)
                        """)
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS frames (
                            height INTEGER NOT NULL,
                            idx INTEGER NOT NULL,
                            bytes BLOB NOT NULL,
                            PRIMARY KEY (height, idx))
                        """)
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS frame_ids (
                            id BLOB PRIMARY KEY NOT NULL,
                            height INTEGER NOT NULL,
                            idx INTEGER NOT NULL)
                        """)
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS receipt_ids (
                            id BLOB PRIMARY KEY NOT NULL,
                            height INTEGER NOT NULL,
                            idx INTEGER NOT NULL)
                        """)
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS da_objects (
                            id BLOB PRIMARY KEY NOT NULL,
                            height INTEGER NOT NULL,
                            idx INTEGER NOT NULL)
                        """)
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS da_faults (
                            challenge BLOB PRIMARY KEY NOT NULL,
                            height INTEGER NOT NULL,
                            idx INTEGER NOT NULL)
                        """)
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS agreements (
                            id BLOB PRIMARY KEY NOT NULL,
                            height INTEGER NOT NULL,
                            bundle BLOB NOT NULL)
                        """)
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS set_changes (
                            height INTEGER PRIMARY KEY NOT NULL,
                            bytes BLOB NOT NULL)
                        """)
                // Stores of version 2 hold entries with tick lists (§11.2). An older store that holds
                // blocks was finalized under rules without Proof-of-History: it cannot be continued.
                if try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 < Self.formatVersion {
                    guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blocks") ?? 0 == 0 else {
                        throw BlockStoreError.outdated(
                            "it was written by an older bpi, before every entry carried a Proof-of-History tick list and data-availability faults; "
                                + "its chain cannot continue under the current rules: initialize a new devnet (bpi init --force)")
                    }
                    try db.execute(sql: "PRAGMA user_version = \(Self.formatVersion)")
                }
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS evidence (
                            hash BLOB PRIMARY KEY NOT NULL,
                            height INTEGER NOT NULL,
                            bytes BLOB NOT NULL)
                        """)
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS sign_state (
                            height INTEGER PRIMARY KEY NOT NULL,
                            round INTEGER NOT NULL,
                            lock BLOB,
                            block BLOB)
                        """)
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS signed_messages (
                            height INTEGER NOT NULL,
                            round INTEGER NOT NULL,
                            kind INTEGER NOT NULL,
                            message BLOB NOT NULL,
                            PRIMARY KEY (height, round, kind))
                        """)
            }
        } catch let error as BlockStoreError {
            throw error
        } catch {
            throw .database("cannot open \(path): \(error)")
        }
    }

    /// The highest stored height (0 when empty).
    public func latestHeight() throws(BlockStoreError) -> UInt64 {
        do {
            return try pool.read { db in try UInt64.fetchOne(db, sql: "SELECT MAX(height) FROM blocks") } ?? 0
        } catch {
            throw .database("\(error)")
        }
    }

    /// SQLite integers are signed 64-bit: a value beyond that is refused, never trapped on.
    static func sqlInteger(_ value: UInt64) throws(BlockStoreError) -> Int64 {
        guard let v = Int64(exactly: value) else { throw .database("\(value) is beyond the store's integer range") }
        return v
    }

    /// The entry at `height`, if stored.
    public func entry(at height: UInt64) throws(BlockStoreError) -> ChainEntry? {
        guard let key = Int64(exactly: height) else { return nil }
        let data: Data?
        do {
            data = try pool.read { db in
                try Data.fetchOne(db, sql: "SELECT entry FROM blocks WHERE height = ?", arguments: [key])
            }
        } catch {
            throw .database("\(error)")
        }
        guard let data else { return nil }
        do {
            return try ChainEntry(canonicalBytes: [UInt8](data), limits: CBORDecodingLimits(maxDepth: 64, maxLength: 1 << 26))
        } catch {
            throw .corrupted("height \(height): \(error)")
        }
    }

    /// The stored entries of heights `from…through`, in height order (none when `from > through`).
    public func entries(from: UInt64, through: UInt64) throws(BlockStoreError) -> [ChainEntry] {
        guard from <= through else { return [] }
        var out: [ChainEntry] = []
        for h in from...through { if let e = try entry(at: h) { out.append(e) } }
        return out
    }

    /// The finalized block at `height` (entry and frames), if stored.
    public func block(at height: UInt64) throws(BlockStoreError) -> FinalizedBlock? {
        guard let entry = try entry(at: height) else { return nil }
        do {
            let rows = try pool.read { db in
                try Data.fetchAll(
                    db, sql: "SELECT bytes FROM frames WHERE height = ? ORDER BY idx", arguments: [Int64(exactly: height) ?? -1]
                )
            }
            var frames: [Frame] = []
            for row in rows {
                do {
                    frames.append(try Frame(canonicalBytes: [UInt8](row)))
                } catch {
                    throw BlockStoreError.corrupted("a frame of height \(height) does not decode: \(error)")
                }
            }
            return FinalizedBlock(entry: entry, frames: frames)
        } catch let error as BlockStoreError {
            throw error
        } catch {
            throw .database("\(error)")
        }
    }

    /// Stores the next finalized entry durably. It must be at height latest + 1 and link to the
    /// stored previous header (or to `genesisHash` at height 1).
    public func append(_ entry: ChainEntry, genesisHash: Hash32) throws(BlockStoreError) {
        try append(FinalizedBlock(entry: entry, frames: []), genesisHash: genesisHash)
    }

    /// Stores the next finalized block (entry and frames, in one transaction) durably.
    public func append(_ block: FinalizedBlock, genesisHash: Hash32) throws(BlockStoreError) {
        let entry = block.entry
        let h = entry.header.height
        let key = try Self.sqlInteger(h)
        let bytes = entry.canonicalBytes()
        let hash = entry.header.hash
        do {
            try pool.write { db in
                let latest = try UInt64.fetchOne(db, sql: "SELECT MAX(height) FROM blocks") ?? 0
                guard h == latest + 1 else { throw BlockStoreError.notNext(height: h, "the store is at height \(latest)") }
                let previous =
                    latest == 0
                    ? genesisHash.bytes
                    : [UInt8](
                        try Data.fetchOne(db, sql: "SELECT hash FROM blocks WHERE height = ?", arguments: [Int64(latest)])
                            ?? Data())
                guard entry.header.prevHash.bytes == previous else {
                    throw BlockStoreError.notNext(height: h, "prev_hash does not match the stored header")
                }
                try db.execute(
                    sql: "INSERT INTO blocks (height, hash, entry) VALUES (?, ?, ?)",
                    arguments: [key, Data(hash.bytes), Data(bytes)])
                if let next = entry.nextValidatorSet { try Self.recordSetChange(next, height: key, in: db) }
                for (i, frame) in block.frames.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO frames (height, idx, bytes) VALUES (?, ?, ?)",
                        arguments: [key, i, Data(frame.canonicalBytes())])
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO frame_ids (id, height, idx) VALUES (?, ?, ?)",
                        arguments: [Data(frame.id.bytes), key, i])
                }
                for (i, receipt) in Block.receipts(block.frames).enumerated() {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO receipt_ids (id, height, idx) VALUES (?, ?, ?)",
                        arguments: [Data(receipt.id.bytes), key, i])
                }
                for (i, object) in Block.daObjects(block.frames).enumerated() {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO da_objects (id, height, idx) VALUES (?, ?, ?)",
                        arguments: [Data(object.id.bytes), key, i])
                }
                for (i, fault) in entry.daFaults.enumerated() {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO da_faults (challenge, height, idx) VALUES (?, ?, ?)",
                        arguments: [Data(fault.challengeID.bytes), key, i])
                }
                for bundle in Block.agreements(block.frames) {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO agreements (id, height, bundle) VALUES (?, ?, ?)",
                        arguments: [Data(bundle.id.bytes), key, Data(bundle.canonicalBytes())])
                }
            }
        } catch let error as BlockStoreError {
            throw error
        } catch {
            throw .database("cannot store height \(h): \(error)")
        }
    }

    /// The validator set that signs header `height` (for heights up to the latest + 1): the
    /// genesis set, or the set the last set-changing header below `height` named.
    public func validatorSet(signing height: UInt64, genesisSet: ValidatorSet) throws(BlockStoreError) -> ValidatorSet {
        let h = try Self.sqlInteger(height)
        let bytes: Data?
        do {
            bytes = try pool.read { db in
                try Data.fetchOne(
                    db, sql: "SELECT bytes FROM set_changes WHERE height < ? ORDER BY height DESC LIMIT 1", arguments: [h])
            }
        } catch {
            throw .database("\(error)")
        }
        guard let bytes else { return genesisSet }
        do {
            return try ValidatorSet(canonicalBytes: [UInt8](bytes))
        } catch {
            throw .corrupted("the validator set recorded below height \(height) does not decode: \(error)")
        }
    }

    /// Records that the header at `height` names `next` as the set of the following height.
    private static func recordSetChange(_ next: ValidatorSet, height: Int64, in db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO set_changes (height, bytes) VALUES (?, ?)",
            arguments: [height, Data(next.canonicalBytes())])
    }

    /// Where the frame with this id (its envelope's Merkle leaf hash) was finalized, if it was.
    public func finalizedFrame(id: Hash32) throws(BlockStoreError) -> (height: UInt64, index: Int)? {
        try location(of: id, in: "frame_ids")
    }

    /// Where the receipt with this id was finalized: its height and its index among the block's receipts.
    public func finalizedReceipt(id: Hash32) throws(BlockStoreError) -> (height: UInt64, index: Int)? {
        try location(of: id, in: "receipt_ids")
    }

    /// Where the data-availability object with this id was first committed: its height and its index
    /// among the block's objects (the leaf of `daRoot`).
    public func committedObject(id: Hash32) throws(BlockStoreError) -> (height: UInt64, index: Int)? {
        try location(of: id, in: "da_objects")
    }

    /// Where the data-availability fault for the challenge with this (frame) id was finalized: its
    /// height and its index among the block's faults.
    public func daFault(challenge id: Hash32) throws(BlockStoreError) -> (height: UInt64, index: Int)? {
        do {
            return try pool.read { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT height, idx FROM da_faults WHERE challenge = ?", arguments: [Data(id.bytes)])
                else { return nil }
                return (UInt64(row["height"] as Int64), Int(row["idx"] as Int64))
            }
        } catch {
            throw .database("\(error)")
        }
    }

    /// The heights of the finalized data-availability faults, oldest first, at most `limit`.
    public func daFaultHeights(limit: Int = 1_000) throws(BlockStoreError) -> [UInt64] {
        do {
            return try pool.read { db in
                try Int64.fetchAll(db, sql: "SELECT DISTINCT height FROM da_faults ORDER BY height LIMIT ?", arguments: [limit])
                    .map { UInt64($0) }
            }
        } catch {
            throw .database("\(error)")
        }
    }

    /// The agreement bundle pinned with id `id` and the height that finalized it, if one was
    /// (docs/SPEC.md §14.5): what a validator replays governed receipts with.
    public func pinnedAgreement(id: Hash32) throws(BlockStoreError) -> (bundle: AgreementBundle, height: UInt64)? {
        let row: Row?
        do {
            row = try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT height, bundle FROM agreements WHERE id = ?", arguments: [Data(id.bytes)])
            }
        } catch {
            throw .database("\(error)")
        }
        guard let row else { return nil }
        do {
            return (try AgreementBundle(canonicalBytes: [UInt8](row["bundle"] as Data)), UInt64(row["height"] as Int64))
        } catch {
            throw .corrupted("the agreement \(id.hex) stored at height \(row["height"] as Int64) does not decode: \(error)")
        }
    }

    /// The (height, index) row of `id` in an id index table (`frame_ids`, `receipt_ids`, `da_objects`).
    private func location(of id: Hash32, in table: String) throws(BlockStoreError) -> (height: UInt64, index: Int)? {
        do {
            return try pool.read { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT height, idx FROM \(table) WHERE id = ?", arguments: [Data(id.bytes)])
                else { return nil }
                return (UInt64(row["height"] as Int64), Int(row["idx"] as Int64))
            }
        } catch {
            throw .database("\(error)")
        }
    }

    /// Checks the stored chain: heights 1…latest without gaps, each entry decodes, its hash column
    /// matches, and each header links to the one before (height 1 to `genesisHash`).
    public func validate(genesisHash: Hash32) throws(BlockStoreError) -> UInt64 {
        let latest = try latestHeight()
        var previous = genesisHash
        if latest == 0 { return 0 }
        for h in 1...latest {
            guard let entry = try entry(at: h) else { throw .corrupted("height \(h) is missing") }
            guard entry.header.height == h, entry.header.prevHash == previous else {
                if h == 1 {
                    throw .corrupted(
                        "its chain does not start from this genesis: height 1's previous hash is \(entry.header.prevHash), the genesis hash is \(genesisHash) (wrong genesis.json?)"
                    )
                }
                throw .corrupted("height \(h) does not link to height \(h - 1)")
            }
            previous = entry.header.hash
        }
        return latest
    }

    /// Records evidence seen on the wire (idempotent); returns whether it was new.
    @discardableResult
    public func recordEvidence(_ evidence: EquivocationEvidence, seenAt height: UInt64) throws(BlockStoreError) -> Bool {
        let bytes = evidence.canonicalBytes()
        let hash = HashAlgorithm.blake3.hash(bytes)
        let seen = try Self.sqlInteger(height)
        do {
            return try pool.write { db in
                try db.execute(
                    sql: "INSERT OR IGNORE INTO evidence (hash, height, bytes) VALUES (?, ?, ?)",
                    arguments: [Data(hash.bytes), seen, Data(bytes)])
                return db.changesCount > 0
            }
        } catch {
            throw .database("cannot record evidence: \(error)")
        }
    }

    /// All recorded evidence, oldest first.
    public func evidence() throws(BlockStoreError) -> [EquivocationEvidence] {
        let rows: [Data]
        do {
            rows = try pool.read { db in try Data.fetchAll(db, sql: "SELECT bytes FROM evidence ORDER BY height, hash") }
        } catch {
            throw .database("\(error)")
        }
        var out: [EquivocationEvidence] = []
        for row in rows {
            do {
                out.append(try EquivocationEvidence(canonicalBytes: [UInt8](row)))
            } catch {
                throw .corrupted("evidence: \(error)")
            }
        }
        return out
    }
}
