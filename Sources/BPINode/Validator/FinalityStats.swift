import BPIToolKit

/// What `GET /v1/status` reports about finality at this validator: the last 1,000 finality
/// latencies (header timestamp to stored here), round changes, payload bytes finalized.
struct FinalityStats: Sendable {
    private(set) var latenciesMs: [Double] = []
    private(set) var roundChanges: UInt64 = 0
    private(set) var finalizedPayloadBytes: UInt64 = 0

    /// A header this validator decided was stored `latencyMs` after its timestamp.
    mutating func finalized(latencyMs: Double) {
        latenciesMs.append(max(0, latencyMs))
        if latenciesMs.count > 1_000 { latenciesMs.removeFirst() }
    }

    /// A finalized block (decided here or fetched by sync) carrying `payloadBytes` was stored.
    mutating func stored(payloadBytes: Int) { finalizedPayloadBytes += UInt64(payloadBytes) }

    /// A round timed out and the next began.
    mutating func roundChanged() { roundChanges += 1 }

    /// Percentiles of the kept latencies.
    var percentiles: Percentiles { Percentiles(latenciesMs) }
}
