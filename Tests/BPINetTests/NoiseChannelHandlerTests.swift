import BPICrypto
import BPINet
import BPINoise
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

/// Completes a promise with the first `expected` messages joined by "|" (or fails it when the channel closes first).
private final class Collector: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    let promise: EventLoopPromise<String>
    let expected: Int
    var received: [String] = []
    init(_ promise: EventLoopPromise<String>, expected: Int) {
        self.promise = promise
        self.expected = expected
    }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received.append(String(buffer: unwrapInboundIn(data)))
        if received.count == expected { promise.succeed(received.joined(separator: "|")) }
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
                        NoiseChannelHandler(handshake: handshake, initiator: false, rekeyInterval: 3) { peer in
                            peers.withLockedValue { $0.append(peer) }
                        })
                    try channel.pipeline.syncOperations.addHandler(EchoHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    /// Connects as `identity`, sends `message` `count` times, and waits for all replies (joined by "|").
    func exchange(group: EventLoopGroup, port: Int, identity: Ed25519PrivateKey, message: String, count: Int = 1) throws -> String
    {
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
                    try channel.pipeline.syncOperations.addHandler(
                        NoiseChannelHandler(handshake: handshake, initiator: true, rekeyInterval: 3))
                    try channel.pipeline.syncOperations.addHandler(Collector(reply, expected: count))
                }
            }
            .connect(host: "127.0.0.1", port: port).wait()
        // Written before the handshake finishes: queued, then sent encrypted.
        for _ in 0..<count { channel.writeAndFlush(channel.allocator.buffer(string: message), promise: nil) }
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

    @Test("with rekeying every 3 messages, 20 messages each way stay decryptable in order")
    func rekeying() throws {
        _ = try withEchoServer { (group: EventLoopGroup, port: Int) throws in
            let replies = try exchange(group: group, port: port, identity: client, message: "m", count: 20)
            #expect(replies == Array(repeating: "echo:m", count: 20).joined(separator: "|"))
        }
    }

    @Test("a node outside the validator set is disconnected before any application data flows")
    func nonMember() throws {
        let seen = try withEchoServer { (group: EventLoopGroup, port: Int) throws in
            #expect(throws: (any Error).self) { try exchange(group: group, port: port, identity: outsider, message: "let me in") }
        }
        #expect(seen.isEmpty)
    }
}
