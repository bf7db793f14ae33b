/// A place shards are kept (docs/SPEC.md §15.5): the local filesystem, an S3-compatible object
/// store, … Shards are opaque bytes under a `ShardKey`; whether they are the right bytes is checked
/// by whoever reads them (their content hash), never trusted from the backend.
public protocol ShardStore: Sendable {
    /// A name for reports, placement records and metrics (`file:/srv/shards`, `s3://bucket@host`).
    var name: String { get }
    /// Stores `bytes` under `key`, replacing what was there (durable after the next `flush`).
    func put(_ key: ShardKey, _ bytes: [UInt8]) async throws(ShardStoreError)
    /// How many requests are worth having in flight at once (a network store gains from many;
    /// a local filesystem loses to contention on the directory).
    var parallelism: Int { get }
    /// Makes every `put` so far durable (the pinner flushes before it records an object).
    func flush() async throws(ShardStoreError)
    /// The bytes under `key`, or nil when the backend has none.
    func get(_ key: ShardKey) async throws(ShardStoreError) -> [UInt8]?
    /// Removes `key` (no error when absent).
    func delete(_ key: ShardKey) async throws(ShardStoreError)
}

extension ShardStore {
    /// Sixteen: what a network backend takes.
    public var parallelism: Int { 16 }

    /// Nothing to do for a backend whose `put` is durable when it returns (S3 answers 200 only then).
    public func flush() async throws(ShardStoreError) {}
}
