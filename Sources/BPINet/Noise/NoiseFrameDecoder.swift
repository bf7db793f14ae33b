import BPINoise
import NIOCore

/// Splits a TCP byte stream into Noise frames: a 2-byte big-endian length, then that many bytes
/// (at most 65,535, the Noise message limit). An empty frame is refused.
public struct NoiseFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    /// Creates a decoder.
    public init() {}

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) else { return .needMoreData }
        guard length > 0 else { throw NoiseError.truncated }
        guard buffer.readableBytes >= 2 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 2)
        context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: Int(length))!))
        return .continue
    }
}

extension ByteBuffer {
    /// Appends `bytes` as one Noise frame (2-byte big-endian length prefix).
    mutating func writeNoiseFrame(_ bytes: [UInt8]) {
        writeInteger(UInt16(bytes.count))
        writeBytes(bytes)
    }
}
