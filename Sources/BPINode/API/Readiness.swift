/// What `GET /readyz` reports: whether the validator can take part in consensus now.
public struct Readiness: Codable, Sendable, Equatable {
    /// Heights a validator may trail its most advanced peer and still be ready.
    public static let maxLag: UInt64 = 2
    /// Connected to a quorum of the power and not behind.
    public var ready: Bool
    /// This validator's stored height.
    public var height: UInt64
    /// The highest stored height more than f peers report (one lying peer cannot move it).
    public var highestPeerHeight: UInt64
    /// Connected peers.
    public var peers: Int
    /// Whether this validator and its connected peers hold more than two thirds of the power.
    public var quorum: Bool
    /// Why it is not ready (empty when ready).
    public var reasons: [String]
}
