import BPIHash
import BPITypes

/// Where the registry keeps its index (docs/SPEC.md §14.7): the verified chain entries (so a restart
/// re-verifies from genesis and resumes where it stopped) and the receipts by id, agreement, executor
/// and position. Two backends answer identically: ``SQLiteRegistryStore`` (one file, the default)
/// and ``PostgresRegistryStore`` (for operators who outgrow one file). A block's entry and its
/// receipts are written in one transaction: after a crash at any point the index holds whole blocks
/// only, none twice.
public protocol RegistryStore: Sendable {
    /// The highest indexed height (0 when empty).
    func height() async throws(RegistryError) -> UInt64
    /// How many receipts are indexed.
    func count() async throws(RegistryError) -> Int
    /// The stored entries, in height order (what a restart re-verifies).
    func entries() async throws(RegistryError) -> [ChainEntry]
    /// Indexes blocks in one transaction: each entry (with its header and its receipts' ids, what a
    /// proof reads) and its receipts. A height or receipt id already indexed fails the whole call.
    func appendMany(_ blocks: [(ChainEntry, [Receipt])]) async throws(RegistryError)
    /// A receipt by id, with its position.
    func receipt(id: Hash32) async throws(RegistryError) -> (receipt: Receipt, at: RegistryCursor)?
    /// The headers and receipt ids of several blocks in one read (a page's proofs), by height;
    /// heights not indexed are absent.
    func blocks(_ heights: Set<UInt64>) async throws(RegistryError) -> [UInt64: (header: Header, ids: [Hash32])]
    /// One page of `query`, and the cursor of its last item when more may follow.
    func page(_ query: ReceiptQuery) async throws(RegistryError) -> (items: [(Receipt, RegistryCursor)], next: RegistryCursor?)
}

extension RegistryStore {
    /// The header of block `height` and its receipts' ids, in block order: what a proof needs.
    public func block(_ height: UInt64) async throws(RegistryError) -> (header: Header, ids: [Hash32])? {
        try await blocks([height])[height]
    }

    /// Indexes one verified block: its entry and its receipts, in one transaction.
    public func append(_ entry: ChainEntry, receipts: [Receipt]) async throws(RegistryError) {
        try await appendMany([(entry, receipts)])
    }
}
