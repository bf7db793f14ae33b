import BPICrypto
import BPINet
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// Echoes every message back with an "echo:" prefix.
private final class EchoHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var reply = context.channel.allocator.buffer(string: "echo:")
        var incoming = unwrapInboundIn(data)
        reply.writeBuffer(&incoming)
        context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
    }
}

/// Completes a promise with the first message received (or fails it when the channel closes first).
private final class FirstMessage: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    let promise: EventLoopPromise<String>
    init(_ promise: EventLoopPromise<String>) { self.promise = promise }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        promise.succeed(String(buffer: unwrapInboundIn(data)))
    }
    func channelInactive(context: ChannelHandlerContext) { promise.fail(NoiseError.outOfOrder("closed before any message")) }
    func errorCaught(context: ChannelHandlerContext, error: Error) { context.close(promise: nil) }
}

@Suite("Noise over TCP (loopback)")
struct NoiseChannelHandlerTests {
    let server = Ed25519PrivateKey.generate(), client = Ed25519PrivateKey.generate(), outsider = Ed25519PrivateKey.generate()

    /// Starts an echo server that admits `allowed`; returns the channel.
    func startServer(group: EventLoopGroup, allowed: Set<[UInt8]>, peers: NIOLockedValueBox<[Ed25519PublicKey]>) throws -> Channel
    {
        let identity = server
        return try ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handshake = try ValidatorHandshake(
                        initiator: false, identity: identity, noiseStatic: X25519.generate().privateKey.bytes, chainID: "bpi",
                        allowedIdentities: allowed)
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(NoiseFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(
                        NoiseChannelHandler(handshake: handshake, initiator: false) { peer in
                            peers.withLockedValue { $0.append(peer) }
                        })
                    try channel.pipeline.syncOperations.addHandler(EchoHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    /// Connects as `identity`, sends `message`, and waits for the first reply.
    func exchange(group: EventLoopGroup, port: Int, identity: Ed25519PrivateKey, message: String) throws -> String {
        let loop = group.next()
        let reply = loop.makePromise(of: String.self)
        let allowed: Set<[UInt8]> = [server.publicKey.bytes]
        let channel = try ClientBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handshake = try ValidatorHandshake(
                        initiator: true, identity: identity, noiseStatic: X25519.generate().privateKey.bytes, chainID: "bpi",
                        allowedIdentities: allowed)
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(NoiseFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(NoiseChannelHandler(handshake: handshake, initiator: true))
                    try channel.pipeline.syncOperations.addHandler(FirstMessage(reply))
                }
            }
            .connect(host: "127.0.0.1", port: port).wait()
        // Written before the handshake finishes: queued, then sent encrypted.
        channel.writeAndFlush(channel.allocator.buffer(string: message), promise: nil)
        defer { try? channel.close().wait() }
        return try reply.futureResult.wait()
    }

    /// Runs `body` against an echo server that admits only `client`, then shuts everything down;
    /// returns the identities the server saw.
    func withEchoServer(_ body: (EventLoopGroup, Int) throws -> Void) throws -> [Ed25519PublicKey] {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let peers = NIOLockedValueBox<[Ed25519PublicKey]>([])
        let listener = try startServer(group: group, allowed: [client.publicKey.bytes], peers: peers)
        defer { try? listener.close().wait() }
        try body(group, try #require(listener.localAddress?.port))
        return peers.withLockedValue { $0 }
    }

    @Test("a validator completes the handshake and exchanges encrypted messages; the server learns its identity")
    func member() throws {
        let seen = try withEchoServer { (group: EventLoopGroup, port: Int) throws in
            #expect(try exchange(group: group, port: port, identity: client, message: "ping") == "echo:ping")
        }
        #expect(seen == [client.publicKey])
    }

    @Test("a node outside the validator set is disconnected before any application data flows")
    func nonMember() throws {
        let seen = try withEchoServer { (group: EventLoopGroup, port: Int) throws in
            #expect(throws: (any Error).self) { try exchange(group: group, port: port, identity: outsider, message: "let me in") }
        }
        #expect(seen.isEmpty)
    }
}
