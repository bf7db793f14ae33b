import BPICrypto
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Where a validator listens for its peers.
public struct PeerAddress: Sendable, Equatable {
    /// Host name or IP address.
    public var host: String
    /// TCP port.
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65_535).contains(port)
        else { return nil }
        host = String(text[..<colon])
        guard !host.isEmpty else { return nil }
        self.port = port
    }

    /// `host:port`.
    public var text: String { "\(host):\(port)" }
}

/// The validator mesh over TCP (docs/SPEC.md §9): every pair of validators keeps one
/// Noise-XX channel, bound to both validators' identity keys, dialled by the lower-indexed one
/// and re-dialled whenever it drops. Messages are whole application messages (`MessageFraming`);
/// an optional `FaultProfile` mistreats inbound messages for tests of an unreliable network.
public final class PeerTransport: Sendable {
    /// Receives each inbound message with the identity key of the validator that sent it.
    public typealias Handler = @Sendable (_ from: [UInt8], _ message: [UInt8]) -> Void

    private struct State {
        var channels: [[UInt8]: Channel] = [:]
        var dialing = Set<Int>()
        var server: Channel?
        var redial: RepeatedTask?
        var stopped = false
        var connections: UInt64 = 0
        var blocked = Set<[UInt8]>()
    }

    private let group: MultiThreadedEventLoopGroup
    private let identity: Ed25519PrivateKey
    private let chainID: String
    private let identities: [[UInt8]]
    private let addresses: [PeerAddress]
    private let me: Int
    private let fault: FaultProfile?
    private let handler: Handler
    private let onConnected: (@Sendable ([UInt8]) -> Void)?
    private let noiseStatic: SecretBytes
    private let state = NIOLockedValueBox(State())

    /// A transport for validator `me` of a set whose identity keys and addresses are given in
    /// set order; `handler` runs on a NIO event loop for every inbound message, `onConnected`
    /// each time a channel to a peer is established (also again after a reconnect).
    public init(
        identity: Ed25519PrivateKey, chainID: String, identities: [[UInt8]], addresses: [PeerAddress], me: Int,
        fault: FaultProfile? = nil, onConnected: (@Sendable ([UInt8]) -> Void)? = nil, handler: @escaping Handler
    ) {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.identity = identity
        self.chainID = chainID
        self.identities = identities
        self.addresses = addresses
        self.me = me
        self.fault = fault
        self.handler = handler
        self.onConnected = onConnected
        noiseStatic = SecretBytes.random(count: 32)
    }

    /// Listens on this validator's address and starts dialling the higher-indexed peers.
    public func start() async throws {
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in initialize(channel, initiator: false) }
            .bind(host: addresses[me].host, port: addresses[me].port).get()
        let redial = group.next().scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(300)) { [self] _ in
            dialMissing()
        }
        state.withLockedValue {
            $0.server = server
            $0.redial = redial
        }
    }

    /// Closes every channel and the listener.
    public func stop() async {
        let (server, channels, redial) = state.withLockedValue { s in
            s.stopped = true
            return (s.server, Array(s.channels.values), s.redial)
        }
        redial?.cancel()
        for c in channels { try? await c.close() }
        try? await server?.close()
        try? await group.shutdownGracefully()
    }

    /// Identity keys of the peers with an established channel.
    public var connectedPeers: [[UInt8]] { state.withLockedValue { Array($0.channels.keys) } }

    /// Cuts this validator off from `peers` (identity keys) — nothing is sent to them and what
    /// they send is dropped — or, with an empty set, heals the cut. Test partitions only: the
    /// channels stay up, as in a network that silently loses everything between two groups.
    public func setBlocked(_ peers: Set<[UInt8]>) { state.withLockedValue { $0.blocked = peers } }

    private func isBlocked(_ peer: [UInt8]) -> Bool { state.withLockedValue { $0.blocked.contains(peer) } }

    /// Sends a message to every connected peer.
    public func broadcast(_ message: [UInt8]) {
        let channels = state.withLockedValue { s in s.channels.filter { !s.blocked.contains($0.key) }.map(\.value) }
        let buffer = ByteBuffer(bytes: message)
        for c in channels { c.writeAndFlush(buffer, promise: nil) }
    }

    /// Sends a message to one peer, if connected; returns whether it was handed to its channel.
    @discardableResult
    public func send(_ message: [UInt8], to peer: [UInt8]) -> Bool {
        guard let c = state.withLockedValue({ $0.blocked.contains(peer) ? nil : $0.channels[peer] }) else { return false }
        c.writeAndFlush(ByteBuffer(bytes: message), promise: nil)
        return true
    }

    private func dialMissing() {
        let targets: [Int] = state.withLockedValue { s in
            guard !s.stopped else { return [] }
            let missing = (me + 1..<addresses.count).filter { s.channels[identities[$0]] == nil && !s.dialing.contains($0) }
            s.dialing.formUnion(missing)
            return missing
        }
        for j in targets {
            ClientBootstrap(group: group)
                .connectTimeout(.seconds(1))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { [self] channel in initialize(channel, initiator: true) }
                .connect(host: addresses[j].host, port: addresses[j].port)
                .whenComplete { [self] result in
                    switch result {
                    case .success(let channel):
                        // The dial slot is freed when the channel closes (or once it is established).
                        channel.closeFuture.whenComplete { _ in self.state.withLockedValue { _ = $0.dialing.remove(j) } }
                    case .failure:
                        state.withLockedValue { _ = $0.dialing.remove(j) }
                    }
                }
        }
    }

    private func initialize(_ channel: Channel, initiator: Bool) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture { [self] in
            let handshake = try ValidatorHandshake(
                initiator: initiator, identity: identity, noiseStatic: noiseStatic.bytes, chainID: chainID,
                allowedIdentities: Set(identities.enumerated().filter { $0.offset != me }.map(\.element)))
            let inbound = InboundHandler { [self] peer, bytes in
                if !isBlocked(peer) { handler(peer, bytes) }
            }
            let serial = state.withLockedValue { s -> UInt64 in
                s.connections += 1
                return s.connections
            }
            let noise = NoiseChannelHandler(handshake: handshake, initiator: initiator) { [self] peer in
                inbound.peer = peer.bytes
                register(peer.bytes, channel)
            }
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(ByteToMessageHandler(NoiseFrameDecoder()))
            try pipeline.addHandler(noise)
            try pipeline.addHandler(ByteToMessageHandler(MessageFraming.Decoder()))
            try pipeline.addHandler(MessageFraming.Encoder())
            if var fault {
                fault.seed = fault.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(me) << 32 &+ serial
                try pipeline.addHandler(FaultInjectionHandler(profile: fault))
            }
            try pipeline.addHandler(inbound)
            channel.closeFuture.whenComplete { [self] _ in unregister(channel) }
        }
    }

    private func register(_ peer: [UInt8], _ channel: Channel) {
        let old: Channel? = state.withLockedValue { s in
            let old = s.channels[peer]
            s.channels[peer] = channel
            return old === channel ? nil : old
        }
        old?.close(promise: nil)
        onConnected?(peer)
    }

    private func unregister(_ channel: Channel) {
        state.withLockedValue { s in
            for (peer, c) in s.channels where c === channel { s.channels[peer] = nil }
        }
    }

    /// Hands decrypted messages, with the peer's identity, to the transport's handler.
    final class InboundHandler: ChannelInboundHandler, @unchecked Sendable {
        // Confined to the channel's event loop.
        typealias InboundIn = ByteBuffer
        let handler: Handler
        var peer: [UInt8]?

        init(handler: @escaping Handler) { self.handler = handler }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            guard let peer, let bytes = buffer.readBytes(length: buffer.readableBytes) else { return }
            handler(peer, bytes)
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) { context.close(promise: nil) }
    }
}
