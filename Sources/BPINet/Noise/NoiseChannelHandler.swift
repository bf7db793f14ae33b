import BPICrypto
import BPINoise
import NIOCore

/// Runs the validator-bound Noise XX handshake on a channel, then encrypts outbound and decrypts
/// inbound application messages (one Noise frame each, at most 65,519 plaintext bytes). Writes made
/// before the handshake completes are queued. Any failure — a bad frame, an unknown peer, a tampered
/// message — closes the channel. The peer's proven identity is delivered with `peerIdentity`.
public final class NoiseChannelHandler: ChannelDuplexHandler, @unchecked Sendable {
    // Confined to the channel's event loop, as every ChannelHandler is.
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    /// Largest application message per frame.
    public static let maxPlaintext = NoiseHandshake.maxMessageLength - 16

    private var handshake: ValidatorHandshake
    private var send: NoiseCipherState?
    private var receive: NoiseCipherState?
    private var queued: [(ByteBuffer, EventLoopPromise<Void>?)] = []
    private let onEstablished: @Sendable (Ed25519PublicKey) -> Void
    private let isInitiator: Bool
    /// Both directions rekey (Noise §4.2) after every this many messages, in step on both sides.
    public let rekeyInterval: UInt64

    /// A handler for one side; `onEstablished` runs on the event loop with the peer's identity.
    public init(
        handshake: ValidatorHandshake, initiator: Bool, rekeyInterval: UInt64 = 1 << 20,
        onEstablished: @escaping @Sendable (Ed25519PublicKey) -> Void = { _ in }
    ) {
        self.handshake = handshake
        isInitiator = initiator
        self.rekeyInterval = max(1, rekeyInterval)
        self.onEstablished = onEstablished
    }

    public func channelActive(context: ChannelHandlerContext) {
        if isInitiator { writeHandshake(context: context) }
        context.fireChannelActive()
    }

    private func writeHandshake(context: ChannelHandlerContext) {
        do {
            var buffer = context.channel.allocator.buffer(capacity: 256)
            buffer.writeNoiseFrame(try handshake.writeMessage())
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        } catch {
            fail(context: context, error)
        }
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var frame = unwrapInboundIn(data)
        let bytes = frame.readBytes(length: frame.readableBytes) ?? []
        do {
            if var receive {
                let plaintext = try receive.decrypt(bytes)
                if receive.nonce % rekeyInterval == 0 { receive.rekey() }
                self.receive = receive
                context.fireChannelRead(wrapInboundOut(context.channel.allocator.buffer(bytes: plaintext)))
                return
            }
            try handshake.readMessage(bytes)
            if !handshake.isComplete { writeHandshake(context: context) }
            if handshake.isComplete { try establish(context: context) }
        } catch {
            fail(context: context, error)
        }
    }

    private func establish(context: ChannelHandlerContext) throws {
        let (s, r) = try handshake.split()
        send = s
        receive = r
        if let peer = handshake.peerIdentity { onEstablished(peer) }
        let pending = queued
        queued = []
        for (buffer, promise) in pending { encryptAndWrite(context: context, buffer, promise: promise) }
        context.flush()
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = unwrapOutboundIn(data)
        guard send != nil else {
            queued.append((buffer, promise))
            return
        }
        encryptAndWrite(context: context, buffer, promise: promise)
    }

    private func encryptAndWrite(context: ChannelHandlerContext, _ buffer: ByteBuffer, promise: EventLoopPromise<Void>?) {
        guard buffer.readableBytes <= Self.maxPlaintext else {
            promise?.fail(NoiseError.messageTooLong(buffer.readableBytes))
            return
        }
        do {
            let ciphertext = try send!.encrypt(Array(buffer.readableBytesView))
            if send!.nonce % rekeyInterval == 0 { send!.rekey() }
            var out = context.channel.allocator.buffer(capacity: ciphertext.count + 2)
            out.writeNoiseFrame(ciphertext)
            context.write(wrapOutboundOut(out), promise: promise)
        } catch {
            promise?.fail(error)
            fail(context: context, error)
        }
    }

    public func errorCaught(context: ChannelHandlerContext, error: Error) { fail(context: context, error) }

    private func fail(context: ChannelHandlerContext, _ error: Error) {
        for (_, promise) in queued { promise?.fail(error) }
        queued = []
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }
}
