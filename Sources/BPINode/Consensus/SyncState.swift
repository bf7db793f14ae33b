/// What the validator knows about its peers' heights and when it last asked one for blocks (SPEC
/// §9.3, sync): a peer ahead is asked for blocks at most every 500 ms; a peer only one height ahead
/// is usually just a moment ahead, so it is asked only once the current height has run 750 ms.
struct SyncState: Sendable {
    private(set) var peerHeights: [[UInt8]: UInt64] = [:]
    private var requestedAt: ContinuousClock.Instant?

    /// A peer reported its height.
    mutating func status(_ height: UInt64, from peer: [UInt8]) { peerHeights[peer] = height }

    /// Whether to ask a peer `ahead` heights ahead for blocks now; records the request if so.
    mutating func shouldRequest(ahead: UInt64, heightRunningFor: Duration?, now: ContinuousClock.Instant = .now) -> Bool {
        if ahead < 2, let running = heightRunningFor, running < .milliseconds(750) { return false }
        if let t = requestedAt, now - t < .milliseconds(500) { return false }
        requestedAt = now
        return true
    }

    /// An answer arrived: the next request need not wait.
    mutating func answered() { requestedAt = nil }

    /// A peer known to hold `height`, if any.
    func peer(holding height: UInt64) -> [UInt8]? { peerHeights.first { $0.value >= height }?.key }
}
