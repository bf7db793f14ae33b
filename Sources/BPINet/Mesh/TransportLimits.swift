import NIOCore

/// Bounds that keep an outsider — or a validator that stops reading — from exhausting a validator's
/// connections, memory or time (docs/SPEC.md §9.4). Anyone who can reach the listening port can
/// open connections; only a validator of the set can finish the handshake, so everything before
/// the handshake is capped and timed, and everything after it is bounded per peer.
public struct TransportLimits: Sendable, Equatable {
    /// A connection that has not proven a validator identity within this time is closed.
    public var handshakeTimeout: TimeAmount = .seconds(5)
    /// An established channel that has received nothing for this long is closed (and redialled).
    /// Validators send their status every 250 ms, so only a dead or stalled peer gets there.
    public var idleTimeout: TimeAmount = .seconds(30)
    /// Inbound connections at once, in any state.
    public var maxInbound = 256
    /// Inbound connections at once from one remote IP address.
    public var maxInboundPerAddress = 64
    /// Inbound connections still in the handshake, at once.
    public var maxUnauthenticated = 64
    /// Inbound connections still in the handshake from one remote IP address, at once.
    public var maxUnauthenticatedPerAddress = 16
    /// Bytes waiting to be written to one peer above which bulk messages (payload gossip, sync
    /// answers) to it are dropped; consensus messages still go.
    public var bulkQueueBytes = 8 << 20
    /// Bytes waiting to be written to one peer above which its channel is closed: a peer that does
    /// not read is cut off (and redialled) rather than allowed to fill memory.
    public var queueBytes = 64 << 20

    /// The defaults above.
    public init() {}
}
