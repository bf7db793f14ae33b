import NIOCore

/// Bounds the bytes waiting to be written to one peer (backpressure). It counts each message from
/// the moment it is written until the socket took it (or it failed). Over `bulkLimit`, bulk
/// messages are dropped (their promise fails with `TransportError.dropped`); a message that would
/// take the queue over `hardLimit` closes the channel, whatever its priority: the peer is not
/// reading, and the dialler re-establishes the channel later. Consensus messages are therefore
/// never dropped while bulk ones still pass.
public final class OutboundBudgetHandler: ChannelOutboundHandler, @unchecked Sendable {
    // Confined to the channel's event loop, as every ChannelHandler is.
    public typealias OutboundIn = OutboundMessage
    public typealias OutboundOut = ByteBuffer

    private let bulkLimit: Int
    private let hardLimit: Int
    private let onDrop: @Sendable (_ overflow: Bool) -> Void
    /// Bytes written but not yet taken by the socket.
    public private(set) var queued = 0

    /// `onDrop(false)` for each dropped bulk message, `onDrop(true)` when the channel is closed.
    public init(bulkLimit: Int, hardLimit: Int, onDrop: @escaping @Sendable (_ overflow: Bool) -> Void) {
        self.bulkLimit = bulkLimit
        self.hardLimit = max(hardLimit, bulkLimit)
        self.onDrop = onDrop
    }

    /// Counts, drops or refuses the message as the type's documentation says.
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let message = unwrapOutboundIn(data)
        let size = message.bytes.readableBytes
        if queued + size > hardLimit {
            promise?.fail(TransportError.dropped)
            onDrop(true)
            context.close(promise: nil)
            return
        }
        if message.priority == .bulk && queued + size > bulkLimit {
            promise?.fail(TransportError.dropped)
            onDrop(false)
            return
        }
        queued += size
        let written = promise ?? context.eventLoop.makePromise()
        written.futureResult.whenComplete { _ in self.queued -= size }
        context.write(wrapOutboundOut(message.bytes), promise: written)
    }
}
