import BPIConsensus
import BPIHash
import BPITypes

/// The validator's pending payloads (the `Mempool`) and how they spread: gossip on arrival, and a
/// bounded push to a peer whose channel (re-)opens — the oldest 4 MiB, at most once per peer every
/// 5 s — so every proposer eventually holds every payload without a reconnecting peer being able
/// to make us resend the pool in a loop.
public struct PayloadPool: Sendable {
    /// The pending payloads.
    public private(set) var mempool = Mempool()
    private var lastPush: [[UInt8]: ContinuousClock.Instant] = [:]
    /// Bytes a reconnect push carries at most.
    public static let pushBytes = 4 << 20
    /// Least time between two pushes to one peer.
    public static let pushInterval: Duration = .seconds(5)

    /// An empty pool.
    public init() {}

    /// Adds a payload from `source`; returns its id.
    public mutating func add(_ payload: [UInt8], source: String) throws(MempoolError) -> Hash32 {
        try mempool.add(payload, source: source)
    }

    /// The payloads to push to `peer` now that its channel is up (empty if it was pushed to recently).
    public mutating func push(to peer: [UInt8], now: ContinuousClock.Instant = .now) -> [[UInt8]] {
        if let last = lastPush[peer], now - last < Self.pushInterval { return [] }
        lastPush[peer] = now
        return mempool.batch(maxCount: mempool.capacity, maxBytes: Self.pushBytes)
    }

    /// A finalized block carried `payloads`.
    public mutating func remove(committed payloads: [[UInt8]]) { mempool.remove(committed: payloads) }
}
