/// What a full audit (every shard of every object read and checked) found and did.
public struct AuditReport: Sendable, Equatable, Codable {
    public var objects = 0
    public var shards = 0
    public var missing = 0
    public var corrupt = 0
    public var unavailable = 0
    public var repaired = 0
    /// Chunks that could not be rebuilt (fewer than k intact shards reachable), as `object/chunk`.
    public var unrecoverable: [String] = []

    public init() {}

    /// Whether every shard is intact now (nothing unavailable or unrecoverable was left).
    public var healthy: Bool { unrecoverable.isEmpty && unavailable == 0 && missing + corrupt == repaired }
}
