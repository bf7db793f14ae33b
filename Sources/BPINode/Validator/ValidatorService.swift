import BPIConsensus
import BPIHash
import BPINet
import BPITypes
import Foundation
import Logging
import ServiceLifecycle

/// The validator service (docs/SPEC.md §9.3): one actor per validator that takes events one at a
/// time in arrival order and wires the collaborators that do the work — the IBFT instance of the
/// height being decided (`+Consensus`), the verified stored chain (`ChainState`), block building
/// and checking (`+Proposal`, `BlockValidity`), catching up (`+Sync`, `SyncState`), payloads
/// (`PayloadPool`), equivocation evidence (`EvidencePool`), what it signed (`ValidatorSignState`),
/// the peer mesh (`PeerTransport`) and its figures (`FinalityStats`, `NodeMetrics`). Test-only
/// misbehaviour (`ByzantineBehaviour`) exists only on a validator configured to play it.
public actor ValidatorService: Service {
    let config: NodeConfig
    let keys: ValidatorKeys
    let store: BlockStore
    let metrics: NodeMetrics
    let logger: Logger
    let signState: ValidatorSignState
    let events: AsyncStream<NodeEvent>
    let eventSink: AsyncStream<NodeEvent>.Continuation
    var transport: PeerTransport?

    /// The verified, stored chain; its light client holds the trusted validator set.
    var chain: ChainState
    /// The height being decided: its instance, blocks and messages.
    var round = HeightState()
    /// Messages and blocks for heights not reached yet, replayed when the validator gets there.
    var future = FutureMessages()
    var futureBlocks: [Hash32: Block] = [:]
    var sync = SyncState()
    var payloads = PayloadPool()
    var evidence: EvidencePool
    var stats = FinalityStats()
    var byzantine: ByzantineBehaviour?
    /// Why the validator stopped for safety, if it did (the service then ends with this error).
    var fatal: NodeError?

    var me: Int { config.index }
    var set: ValidatorSet { chain.set }
    var chainID: String { chain.genesis.chainID }
    /// The height being decided.
    var height: UInt64 { chain.next }

    /// A service for the validator `config.index` of `genesis`, over `store`.
    public init(
        config: NodeConfig, genesis: Genesis, keys: ValidatorKeys, store: BlockStore, metrics: NodeMetrics, logger: Logger
    ) throws(NodeError) {
        guard config.index < genesis.validatorSet.count,
            genesis.validatorSet.validators[config.index].identityKey == keys.identity.publicKey.bytes
        else {
            throw .notAValidator("the key \(keys.identity.publicKey) is not validator \(config.index) of the genesis set")
        }
        guard config.peers.count == genesis.validatorSet.count else {
            throw .config("peers lists \(config.peers.count) addresses for \(genesis.validatorSet.count) validators")
        }
        self.config = config
        self.keys = keys
        self.store = store
        self.metrics = metrics
        self.logger = logger
        (events, eventSink) = AsyncStream.makeStream(of: NodeEvent.self, bufferingPolicy: .unbounded)
        signState = ValidatorSignState(store: store)
        chain = try ChainState(genesis: genesis, store: store)
        let stored: Int
        do {
            stored = try store.evidence().count
        } catch {
            throw .startup("cannot read the stored evidence: \(error)")
        }
        evidence = EvidencePool(chainID: genesis.chainID, set: chain.set, stored: stored)
        byzantine = ByzantineBehaviour(mode: config.byzantine, identity: keys.identity, me: config.index)
    }

    /// Runs until the service group shuts down (SIGTERM/SIGINT).
    public func run() async throws {
        let sink = eventSink
        let transport = PeerTransport(
            identity: keys.identity, chainID: chainID, identities: set.validators.map(\.identityKey), addresses: config.peers,
            me: me, fault: config.faultProfile, onConnected: { sink.yield(.peerConnected($0)) },
            handler: { from, bytes in sink.yield(.message(from: from, bytes: bytes)) })
        do {
            try await transport.start()
        } catch {
            throw NodeError.startup("cannot listen on \(config.peers[me].text): \(error)")
        }
        self.transport = transport
        logger.info(
            "validator started", metadata: ["index": "\(me)", "height": "\(chain.height)", "listen": "\(config.peers[me].text)"])
        metrics.height.set(Int64(chain.height))
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                sink.yield(.tick)
            }
        }
        sink.yield(.startHeight(height))
        await cancelWhenGracefulShutdown {
            for await event in self.events { await self.handle(event) }
        }
        ticker.cancel()
        await transport.stop()
        if let fatal {
            logger.critical("validator stopped for safety", metadata: ["height": "\(chain.height)", "error": "\(fatal)"])
            throw fatal
        }
        logger.info("validator stopped", metadata: ["height": "\(chain.height)"])
    }

    /// Stops the validator for good: nothing more is signed or sent, and `run` ends with `error`
    /// (the process exits non-zero). Used when the sign state cannot be written or read, and when
    /// a decided block fails the light-client rules — both must be impossible, never silent.
    func stop(_ error: NodeError) {
        guard fatal == nil else { return }
        fatal = error
        logger.critical("fatal: \(error)", metadata: ["height": "\(height)"])
        round.instance = nil
        eventSink.finish()
    }

    private func handle(_ event: NodeEvent) {
        guard fatal == nil else { return }
        switch event {
        case .message(let from, let bytes): receive(bytes, from: from)
        case .timeout(let h, let r): timeout(height: h, round: r)
        case .startHeight(let h): startHeight(h)
        case .tick: tick()
        case .peerConnected(let peer):
            for p in payloads.push(to: peer) { transport?.send(WireMessage.payload(p).encoded(), to: peer, priority: .bulk) }
        }
    }

    /// Delivers `event` after `milliseconds`.
    func schedule(_ event: NodeEvent, afterMilliseconds ms: UInt64) {
        let sink = eventSink
        Task {
            try? await Task.sleep(for: .milliseconds(ms))
            sink.yield(event)
        }
    }

    static func nowMilliseconds() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }

    /// Broadcasts a message at consensus priority.
    func broadcast(_ message: WireMessage) { transport?.broadcast(message.encoded()) }

    /// Decodes a peer's message strictly and hands it to the collaborator it is for.
    private func receive(_ bytes: [UInt8], from peer: [UInt8]) {
        let message: WireMessage
        do {
            message = try WireMessage(encoded: bytes)
        } catch {
            metrics.rejectedMessages.increment()
            logger.debug("malformed message dropped", metadata: ["error": "\(error)"])
            return
        }
        switch message {
        case .consensus(let m):
            metrics.consensusMessages.increment()
            byzantine?.saw(m)
            receiveConsensus(m, from: peer)
        case .proposal(let block): receiveProposal(block)
        case .status(let h): receiveStatus(h, from: peer)
        case .syncRequest(let from, let count): answerSync(from: from, count: count, to: peer)
        case .syncResponse(let blocks): receiveSync(blocks)
        case .payload(let p):
            let sender = set.validators.firstIndex { $0.identityKey == peer } ?? -1
            _ = try? addPayload(p, source: "peer \(sender)", gossip: false)
        }
    }

    /// Every 250 ms: status to the peers, figures, re-sends of this height's messages, a sync for a
    /// decision still missing its block.
    private func tick() {
        broadcast(.status(height: chain.height))
        metrics.peers.set(Int64(transport?.connectedPeers.count ?? 0))
        metrics.mempool.set(Int64(payloads.mempool.count))
        if let transport { metrics.record(transport.counters) }
        for m in round.rebroadcastDue() { broadcast(m) }
        if round.decidedAwaitingBody, let peer = sync.peer(holding: height) { requestSync(from: peer) }
        for bytes in byzantine?.tick(height: height, storedHeight: chain.height) ?? [] { transport?.broadcast(bytes) }
    }

    /// Adds a payload from `source` (an API client's address, a gossiping peer) to the mempool,
    /// and gossips it to the peers.
    @discardableResult
    public func addPayload(_ payload: [UInt8], source: String = "local", gossip: Bool = true) throws(MempoolError) -> Hash32 {
        let id = try payloads.add(payload, source: source)
        metrics.mempool.set(Int64(payloads.mempool.count))
        if gossip { transport?.broadcast(WireMessage.payload(payload).encoded(), priority: .bulk) }
        return id
    }

    /// Test partitions: cuts this validator off from the validators at `indices` (empty heals).
    public func partition(from indices: [Int]) {
        transport?.setBlocked(Set(indices.filter { set.validators.indices.contains($0) }.map { set.validators[$0].identityKey }))
        logger.notice("test partition", metadata: ["blocked": "\(indices)"])
    }

    /// The node's status.
    public func status() -> NodeStatus {
        let finality = stats.percentiles
        return NodeStatus(
            chainID: chainID, index: me, height: chain.height, latestHash: chain.lastHash.description,
            round: round.instance?.round ?? 0, peers: transport?.connectedPeers.count ?? 0, validators: set.count,
            mempool: payloads.mempool.count, lastFinalityMs: stats.latenciesMs.last, finalityP50Ms: finality.at(0.5),
            finalityP95Ms: finality.at(0.95), roundChanges: stats.roundChanges, evidence: evidence.count,
            finalizedPayloadBytes: stats.finalizedPayloadBytes)
    }
}
