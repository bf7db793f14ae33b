/// The pinner's running counts (what `/metrics` and the drill report).
public struct PinnerStats: Sendable, Equatable, Codable {
    /// SLA probes run, and those that found their shard intact.
    public var probes = 0
    public var probesIntact = 0
    /// Shards found missing or corrupt (by probes, reads and audits) and shards re-stored.
    public var faultsFound = 0
    public var repairs = 0
    /// Chunks found with fewer than k intact shards.
    public var unrecoverable = 0
    /// Bytes written per backend name.
    public var bytesWritten: [String: Int] = [:]

    public init() {}

    /// Intact probes over probes (1 when none ran).
    public var probeSuccess: Double { probes == 0 ? 1 : Double(probesIntact) / Double(probes) }
}
