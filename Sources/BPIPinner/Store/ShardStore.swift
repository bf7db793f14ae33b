/// A place shards are kept (docs/SPEC.md §15.5): the local filesystem, an S3-compatible object
/// store, … Shards are opaque bytes under a `ShardKey`; whether they are the right bytes is checked
/// by whoever reads them (their content hash), never trusted from the backend.
public protocol ShardStore: Sendable {
    /// A name for reports, placement records and metrics (`file:/srv/shards`, `s3://bucket@host`).
    var name: String { get }
    /// Stores `bytes` under `key`, replacing what was there; durable when it returns.
    func put(_ key: ShardKey, _ bytes: [UInt8]) async throws(ShardStoreError)
    /// The bytes under `key`, or nil when the backend has none.
    func get(_ key: ShardKey) async throws(ShardStoreError) -> [UInt8]?
    /// Removes `key` (no error when absent).
    func delete(_ key: ShardKey) async throws(ShardStoreError)
}
