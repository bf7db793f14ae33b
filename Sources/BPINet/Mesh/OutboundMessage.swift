import NIOCore

/// One application message on its way to a peer, with its priority (see `OutboundBudgetHandler`).
public struct OutboundMessage: Sendable {
    /// The message bytes.
    public var bytes: ByteBuffer
    /// What may be dropped first.
    public var priority: SendPriority

    /// A message of `priority`.
    public init(_ bytes: ByteBuffer, priority: SendPriority) {
        self.bytes = bytes
        self.priority = priority
    }
}
