import NIOCore

/// Closes a channel when the `IdleStateHandler` in front of it reports that nothing was read for
/// the idle timeout; the transport's dialler then re-establishes it if the peer is alive.
final class IdleCloseHandler: ChannelInboundHandler, @unchecked Sendable {
    // Confined to the channel's event loop, as every ChannelHandler is.
    typealias InboundIn = NIOAny
    private let onIdle: @Sendable () -> Void

    init(onIdle: @escaping @Sendable () -> Void) { self.onIdle = onIdle }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            onIdle()
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
