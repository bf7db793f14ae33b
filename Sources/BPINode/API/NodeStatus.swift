/// What `GET /v1/status` reports (docs/CLI.md): the JSON that `bpi status` and `bpi up` read.
public struct NodeStatus: Codable, Sendable, Equatable {
    /// The chain's id.
    public var chainID: String
    /// This validator's index in the set.
    public var index: Int
    /// The highest finalized height.
    public var height: UInt64
    /// Hash of the header at `height` (hex; the genesis hash at 0).
    public var latestHash: String
    /// The round of the height being decided.
    public var round: UInt64
    /// Connected peers, and how many there are in all.
    public var peers: Int
    public var validators: Int
    /// Pending frames.
    public var mempool: Int
    /// Finality latency of the last header this node decided itself (ms), and p50/p95 over the last 1,000.
    public var lastFinalityMs: Double?
    public var finalityP50Ms: Double?
    public var finalityP95Ms: Double?
    /// Round changes since start.
    public var roundChanges: UInt64
    /// Pieces of equivocation evidence recorded.
    public var evidence: Int
    /// Frame payload bytes finalized since start.
    public var finalizedPayloadBytes: UInt64
    /// The node's version (`BuildInfo.version`); absent from nodes older than 0.12.
    public var version: String?
    /// The newest finalized Proof-of-History tick: what a service's next frame names (§12).
    public var tick: TickView?
}
