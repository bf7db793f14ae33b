/// Why the transport did not deliver a message.
public enum TransportError: Error, Sendable, Equatable {
    /// Dropped by backpressure: the peer's send queue was over its limit.
    case dropped
}
