import BPINoise
import NIOCore

/// Application messages over a Noise channel (docs/SPEC.md §9.2): each message is a 4-byte
/// big-endian length and its bytes, the stream cut into Noise frames of at most
/// `NoiseChannelHandler.maxPlaintext` bytes, so one message may exceed the Noise frame limit.
public enum MessageFraming {
    /// Largest application message either side accepts (16 MiB).
    public static let maxMessageBytes = 16 << 20

    /// Reassembles messages from the decrypted stream; a declared length over the limit closes the channel.
    public struct Decoder: ByteToMessageDecoder {
        public typealias InboundOut = ByteBuffer
        let maxMessageBytes: Int

        /// A decoder refusing messages over `maxMessageBytes`.
        public init(maxMessageBytes: Int = MessageFraming.maxMessageBytes) { self.maxMessageBytes = maxMessageBytes }

        public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
            guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return .needMoreData }
            guard Int(length) <= maxMessageBytes else { throw NoiseError.messageTooLong(Int(length)) }
            guard buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
            buffer.moveReaderIndex(forwardBy: 4)
            context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: Int(length))!))
            return .continue
        }
    }

    /// Prefixes each outbound message with its length and writes it in Noise-sized pieces.
    public final class Encoder: ChannelOutboundHandler, Sendable {
        public typealias OutboundIn = ByteBuffer
        public typealias OutboundOut = ByteBuffer

        /// Creates an encoder.
        public init() {}

        public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            let message = unwrapOutboundIn(data)
            guard message.readableBytes <= MessageFraming.maxMessageBytes else {
                promise?.fail(NoiseError.messageTooLong(message.readableBytes))
                return
            }
            var stream = context.channel.allocator.buffer(capacity: message.readableBytes + 4)
            stream.writeInteger(UInt32(message.readableBytes))
            stream.writeImmutableBuffer(message)
            while stream.readableBytes > NoiseChannelHandler.maxPlaintext {
                context.write(wrapOutboundOut(stream.readSlice(length: NoiseChannelHandler.maxPlaintext)!), promise: nil)
            }
            context.write(wrapOutboundOut(stream), promise: promise)
        }
    }
}
