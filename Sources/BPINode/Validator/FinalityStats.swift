import BPIToolKit

/// What `GET /v1/status` reports about finality at this validator: the last 1,000 finality
/// latencies (header timestamp to stored here), round changes, payload bytes finalized.
public struct FinalityStats: Sendable {
    /// Empty statistics.
    public init() {}

    /// The kept latencies, with the height each belongs to, oldest first.
    public private(set) var kept: [(height: UInt64, ms: Double)] = []
    /// The kept latencies in milliseconds.
    public var latenciesMs: [Double] { kept.map(\.ms) }
    private(set) var roundChanges: UInt64 = 0
    private(set) var finalizedPayloadBytes: UInt64 = 0

    /// The header at `height` this validator decided was stored `latencyMs` after its timestamp.
    public mutating func finalized(height: UInt64, latencyMs: Double) {
        kept.append((height, max(0, latencyMs)))
        if kept.count > 1_000 { kept.removeFirst() }
    }

    /// The kept latencies of heights at or above `height`.
    public func latencies(from height: UInt64) -> [Double] { kept.filter { $0.height >= height }.map(\.ms) }

    /// A finalized block (decided here or fetched by sync) carrying `payloadBytes` was stored.
    mutating func stored(payloadBytes: Int) { finalizedPayloadBytes += UInt64(payloadBytes) }

    /// A round timed out and the next began.
    mutating func roundChanged() { roundChanges += 1 }

    /// Percentiles of the kept latencies.
    var percentiles: Percentiles { Percentiles(latenciesMs) }
}
