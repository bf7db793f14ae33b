/// What `GET /v1/pinner/status` answers: the backends, the objects kept and the running counts.
public struct PinnerStatusView: Codable, Sendable, Equatable {
    public var backends: [String]
    public var tolerance: Int
    public var objects: Int
    public var stats: PinnerStats
    public var probeSuccess: Double
}
