import BPICrypto
import BPINoise
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The validator mesh over TCP (docs/SPEC.md §9): every pair of validators keeps one
/// Noise-XX channel, bound to both validators' identity keys, dialled by the lower-indexed one
/// and re-dialled whenever it drops. Messages are whole application messages (`MessageFraming`);
/// an optional `FaultProfile` mistreats inbound messages for tests of an unreliable network.
///
/// Who can send what: anyone who reaches the port can open connections and send bytes; only a
/// validator of the set finishes the handshake. So inbound connections are capped in total, per
/// address, and while unauthenticated (`TransportLimits`); a handshake has a deadline; a dialled
/// address must answer with the validator that was dialled; an established channel that goes
/// silent is closed; and what waits to be written to a peer is bounded, bulk before consensus.
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
        var admission: InboundAdmission
        var counters = TransportCounters()
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
    private let limits: TransportLimits
    private let state: NIOLockedValueBox<State>

    /// Threads of the transport's event-loop group: one per core, so Noise and framing of many
    /// peers run in parallel instead of on one thread for all traffic.
    public static var eventLoopThreads: Int { System.coreCount }

    /// The event loops the transport's channels are spread over.
    public var eventLoopCount: Int { group.makeIterator().reduce(0) { n, _ in n + 1 } }

    /// A transport for validator `me` of a set whose identity keys and addresses are given in
    /// set order; `handler` runs on a NIO event loop for every inbound message, `onConnected`
    /// each time a channel to a peer is established (also again after a reconnect). Channels are
    /// spread over one event loop per core.
    public init(
        identity: Ed25519PrivateKey, chainID: String, identities: [[UInt8]], addresses: [PeerAddress], me: Int,
        limits: TransportLimits = TransportLimits(), fault: FaultProfile? = nil,
        onConnected: (@Sendable ([UInt8]) -> Void)? = nil,
        handler: @escaping Handler
    ) {
        group = MultiThreadedEventLoopGroup(numberOfThreads: Self.eventLoopThreads)
        self.limits = limits
        state = NIOLockedValueBox(State(admission: InboundAdmission(limits: limits)))
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
            .childChannelInitializer { [self] channel in admit(channel) }
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

    /// What the transport refused or dropped so far.
    public var counters: TransportCounters { state.withLockedValue { $0.counters } }

    /// Inbound connections held now, and how many of them are still in the handshake.
    public var inboundConnections: (total: Int, unauthenticated: Int) { state.withLockedValue { $0.admission.counts } }

    /// Cuts this validator off from `peers` (identity keys) — nothing is sent to them and what
    /// they send is dropped — or, with an empty set, heals the cut. Test partitions only: the
    /// channels stay up, as in a network that silently loses everything between two groups.
    public func setBlocked(_ peers: Set<[UInt8]>) { state.withLockedValue { $0.blocked = peers } }

    private func isBlocked(_ peer: [UInt8]) -> Bool { state.withLockedValue { $0.blocked.contains(peer) } }

    /// Sends a message to every connected peer; under backpressure, `.bulk` goes first.
    public func broadcast(_ message: [UInt8], priority: SendPriority = .consensus) {
        let channels = state.withLockedValue { s in s.channels.filter { !s.blocked.contains($0.key) }.map(\.value) }
        let outbound = OutboundMessage(ByteBuffer(bytes: message), priority: priority)
        for c in channels { c.writeAndFlush(outbound, promise: nil) }
    }

    /// Sends a message to one peer, if connected; returns whether it was handed to its channel
    /// (backpressure may still drop a `.bulk` message there).
    @discardableResult
    public func send(_ message: [UInt8], to peer: [UInt8], priority: SendPriority = .consensus) -> Bool {
        guard let c = state.withLockedValue({ $0.blocked.contains(peer) ? nil : $0.channels[peer] }) else { return false }
        c.writeAndFlush(OutboundMessage(ByteBuffer(bytes: message), priority: priority), promise: nil)
        return true
    }

    /// Counts `change` in the counters.
    private func count(_ change: (inout TransportCounters) -> Void) { state.withLockedValue { change(&$0.counters) } }

    /// Admits an inbound connection under the caps of `TransportLimits`, or closes it at once.
    private func admit(_ channel: Channel) -> EventLoopFuture<Void> {
        let id = ObjectIdentifier(channel)
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        let admitted = state.withLockedValue { s -> Bool in
            guard !s.stopped, s.admission.admit(id, from: address) else {
                s.counters.refusedInbound += 1
                return false
            }
            return true
        }
        guard admitted else { return channel.close() }
        channel.closeFuture.whenComplete { [self] _ in state.withLockedValue { $0.admission.closed(id) } }
        return initialize(channel, dialled: nil)
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
                .channelInitializer { [self] channel in initialize(channel, dialled: j) }
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

    /// Builds a channel's pipeline. `dialled` is the index of the validator this side dialled (the
    /// handshake then accepts only that validator's identity), nil for an inbound connection (any
    /// other validator of the set).
    private func initialize(_ channel: Channel, dialled: Int?) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture { [self] in
            let initiator = dialled != nil
            let allowed = dialled.map { [identities[$0]] } ?? identities.enumerated().filter { $0.offset != me }.map(\.element)
            let handshake = try ValidatorHandshake(
                initiator: initiator, identity: identity, noiseStatic: noiseStatic.bytes, chainID: chainID,
                allowedIdentities: Set(allowed))
            let inbound = InboundHandler(
                handler: { [self] peer, bytes in
                    if !isBlocked(peer) { handler(peer, bytes) }
                },
                onHandshakeFailure: { [self] in count { $0.failedHandshakes += 1 } })
            let id = ObjectIdentifier(channel)
            let deadline = channel.eventLoop.scheduleTask(in: limits.handshakeTimeout) { [self] in
                count { $0.handshakeTimeouts += 1 }
                channel.close(promise: nil)
            }
            channel.closeFuture.whenComplete { _ in deadline.cancel() }
            let serial = state.withLockedValue { s -> UInt64 in
                s.connections += 1
                return s.connections
            }
            let noise = NoiseChannelHandler(handshake: handshake, initiator: initiator) { [self] peer in
                deadline.cancel()
                inbound.peer = peer.bytes
                if !initiator { state.withLockedValue { $0.admission.authenticated(id) } }
                register(peer.bytes, channel)
            }
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(IdleStateHandler(readTimeout: limits.idleTimeout))
            try pipeline.addHandler(IdleCloseHandler { [self] in count { $0.idleClosed += 1 } })
            try pipeline.addHandler(ByteToMessageHandler(NoiseFrameDecoder()))
            try pipeline.addHandler(noise)
            try pipeline.addHandler(ByteToMessageHandler(MessageFraming.Decoder()))
            try pipeline.addHandler(MessageFraming.Encoder())
            if var fault {
                fault.seed = fault.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(me) << 32 &+ serial
                try pipeline.addHandler(FaultInjectionHandler(profile: fault))
            }
            try pipeline.addHandler(inbound)
            try pipeline.addHandler(
                OutboundBudgetHandler(bulkLimit: limits.bulkQueueBytes, hardLimit: limits.queueBytes) { [self] overflow in
                    count {
                        if overflow { $0.overflowClosed += 1 } else { $0.bulkDropped += 1 }
                    }
                })
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
        let onHandshakeFailure: @Sendable () -> Void
        var peer: [UInt8]?

        init(handler: @escaping Handler, onHandshakeFailure: @escaping @Sendable () -> Void) {
            self.handler = handler
            self.onHandshakeFailure = onHandshakeFailure
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            guard let peer, let bytes = buffer.readBytes(length: buffer.readableBytes) else { return }
            handler(peer, bytes)
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            if peer == nil, error is NoiseError { onHandshakeFailure() }
            context.close(promise: nil)
        }
    }
}
