/// What `GET /v1/finality?from=H` answers: finality latency percentiles at one validator over the
/// heights it decided from H on (of the last 1,000 it keeps).
public struct FinalityView: Codable, Sendable, Equatable {
    /// The first height of the window.
    public var from: UInt64
    /// Heights in the window.
    public var heights: Int
    /// Median, 95th percentile and largest latency in milliseconds (nil: no height in the window).
    public var p50Ms: Double?
    public var p95Ms: Double?
    public var maxMs: Double?
}
