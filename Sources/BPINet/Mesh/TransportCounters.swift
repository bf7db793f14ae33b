/// What the transport refused or dropped, for metrics and tests. Counts since `start()`.
public struct TransportCounters: Sendable, Equatable {
    /// Inbound connections closed at once because a connection cap was reached.
    public var refusedInbound: UInt64 = 0
    /// Connections closed because the handshake did not finish in time.
    public var handshakeTimeouts: UInt64 = 0
    /// Handshakes that failed: an unknown identity, a bad proof, or a dialled address answered by
    /// a validator other than the one dialled.
    public var failedHandshakes: UInt64 = 0
    /// Established channels closed after receiving nothing for the idle timeout.
    public var idleClosed: UInt64 = 0
    /// Bulk messages dropped because the peer's send queue was over its bulk limit.
    public var bulkDropped: UInt64 = 0
    /// Channels closed because the peer's send queue reached its hard limit.
    public var overflowClosed: UInt64 = 0
}
