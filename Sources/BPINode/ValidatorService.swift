import BPICodec
import BPIConsensus
import BPICrypto
import BPIHash
import BPILightClient
import BPINet
import BPIRules
import BPIToolKit
import BPITypes
import Foundation
import Logging
import ServiceLifecycle

/// What the validator reacts to, one event at a time in arrival order.
enum NodeEvent: Sendable {
    case message(from: [UInt8], bytes: [UInt8])
    case timeout(height: UInt64, round: UInt64)
    case startHeight(UInt64)
    case tick
    case peerConnected([UInt8])
}

/// The validator service (docs/SPEC.md §9.3): drives one `IBFTInstance` per height over the
/// peer mesh with real timers, proposes blocks from the mempool at the block time, stores each
/// finalized block durably before anything announces it, catches up from peers with the
/// light-client rules, and turns equivocation seen on the wire into stored evidence.
public actor ValidatorService: Service {
    let config: NodeConfig
    let genesis: Genesis
    let keys: ValidatorKeys
    let store: BlockStore
    let metrics: NodeMetrics
    let logger: Logger
    var transport: PeerTransport?
    let events: AsyncStream<NodeEvent>
    let eventSink: AsyncStream<NodeEvent>.Continuation
    var me: Int { config.index }
    var set: ValidatorSet { genesis.validatorSet }

    // The verified, stored chain.
    var light: LightClient
    var seed: [UInt8]
    var lastHash: Hash32
    var lastTimestamp: UInt64

    // The height being decided.
    var instance: IBFTInstance?
    var blocks: [Hash32: Block] = [:]
    var awaitingBlock: [Hash32: [ConsensusMessage]] = [:]
    var ownProposal: (@Sendable (UInt64) -> Block)?
    var sent: [WireMessage] = []
    var lastRebroadcast = ContinuousClock.now
    var heightStartedAt = ContinuousClock.now
    var decidedAwaitingBody = false

    // Ahead of us: messages and blocks for later heights, replayed when we get there.
    var future = FutureMessages()
    var futureBlocks: [Hash32: Block] = [:]
    let signState: ValidatorSignState
    /// Why the validator stopped for safety, if it did (the service then ends with this error).
    var fatal: NodeError?

    var mempool = Mempool()
    var detector: EquivocationDetector
    var pendingEvidence: [EquivocationEvidence] = []
    var peerHeights: [[UInt8]: UInt64] = [:]
    var lastMempoolPush: [[UInt8]: ContinuousClock.Instant] = [:]
    var syncRequestedAt: ContinuousClock.Instant?
    var history: [ConsensusMessage] = []
    var finalityMs: [Double] = []
    var roundChanges: UInt64 = 0
    var evidenceCount = 0
    var finalizedPayloadBytes: UInt64 = 0

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
        self.genesis = genesis
        self.keys = keys
        self.store = store
        self.metrics = metrics
        self.logger = logger
        (events, eventSink) = AsyncStream.makeStream(of: NodeEvent.self, bufferingPolicy: .unbounded)
        detector = EquivocationDetector(chainID: genesis.chainID, set: genesis.validatorSet)
        signState = ValidatorSignState(store: store)
        let restored = try Self.restore(genesis: genesis, store: store)
        light = restored.light
        seed = restored.last?.vrfOutput ?? genesis.hash.bytes
        lastHash = restored.last?.hash ?? genesis.hash
        lastTimestamp = restored.last?.timestamp ?? genesis.genesisTime
        evidenceCount = restored.evidence
    }

    /// Replays the stored chain through the light client, so a restarted node resumes verified.
    private static func restore(genesis: Genesis, store: BlockStore) throws(NodeError) -> (
        light: LightClient, last: Header?, evidence: Int
    ) {
        do {
            var light = try LightClient(genesis: genesis)
            let latest = try store.latestHeight()
            let entries = try store.entries(from: 1, through: latest)
            guard entries.count == latest else {
                throw NodeError.startup("the store holds \(entries.count) of heights 1…\(latest): some are missing")
            }
            try light.verify(contentsOf: entries)
            return (light, entries.last?.header, try store.evidence().count)
        } catch let error as NodeError {
            throw error
        } catch {
            throw .startup("the stored chain does not verify: \(error)")
        }
    }

    /// The height being decided.
    var height: UInt64 { light.height + 1 }

    /// Whether this validator and its connected peers hold more than two thirds of the power.
    var meshHasQuorum: Bool {
        let connected = Set(transport?.connectedPeers ?? [])
        let indices = set.validators.indices.filter { $0 == me || connected.contains(set.validators[$0].identityKey) }
        return Quorum.isSuperMajority(signed: Quorum.power(of: indices, in: set), total: set.totalPower)
    }

    /// Runs until the service group shuts down (SIGTERM/SIGINT).
    public func run() async throws {
        let sink = eventSink
        let transport = PeerTransport(
            identity: keys.identity, chainID: genesis.chainID, identities: set.validators.map(\.identityKey),
            addresses: config.peers, me: me,
            fault: config.faultProfile, onConnected: { sink.yield(.peerConnected($0)) },
            handler: { from, bytes in sink.yield(.message(from: from, bytes: bytes)) })
        do {
            try await transport.start()
        } catch {
            throw NodeError.startup("cannot listen on \(config.peers[me].text): \(error)")
        }
        self.transport = transport
        logger.info(
            "validator started",
            metadata: ["index": "\(me)", "height": "\(light.height)", "listen": "\(config.peers[me].text)"])
        metrics.height.set(Int64(light.height))
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
            logger.critical("validator stopped for safety", metadata: ["height": "\(light.height)", "error": "\(fatal)"])
            throw fatal
        }
        logger.info("validator stopped", metadata: ["height": "\(light.height)"])
    }

    /// Stops the validator for good: nothing more is signed or sent, and `run` ends with `error`
    /// (the process exits non-zero). Used when the sign state cannot be written or read, and when
    /// a decided block fails the light-client rules — both must be impossible, never silent.
    func stop(_ error: NodeError) {
        guard fatal == nil else { return }
        fatal = error
        logger.critical("fatal: \(error)", metadata: ["height": "\(height)"])
        instance = nil
        eventSink.finish()
    }

    private func handle(_ event: NodeEvent) {
        guard fatal == nil else { return }
        switch event {
        case .message(let from, let bytes): receive(bytes, from: from)
        case .timeout(let h, let r):
            guard h == height, var instance else { return }
            let out = instance.timeout(round: r)
            self.instance = instance
            process(out)
        case .startHeight(let h): startHeight(h)
        case .tick: tick()
        case .peerConnected(let peer): pushMempool(to: peer)
        }
    }

    /// A peer that was not connected when payloads were gossiped gets them when its channel comes
    /// up, so every proposer eventually holds every pending payload. Bounded: the oldest 4 MiB, at
    /// most once per peer every 5 s (a peer that reconnects in a loop cannot make us resend the pool).
    private func pushMempool(to peer: [UInt8]) {
        if let last = lastMempoolPush[peer], ContinuousClock.now - last < .seconds(5) { return }
        lastMempoolPush[peer] = .now
        for p in mempool.batch(maxCount: mempool.capacity, maxBytes: 4 << 20) {
            transport?.send(WireMessage.payload(p).encoded(), to: peer, priority: .bulk)
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

    private func startHeight(_ h: UInt64) {
        guard h == height, instance == nil else { return }
        // No proposal or timer runs until this validator and its connected peers hold a quorum of
        // the power: the first header waits for the mesh to form rather than for round changes.
        guard meshHasQuorum else {
            schedule(.startHeight(h), afterMilliseconds: 100)
            return
        }
        var instance = IBFTInstance(
            chainID: genesis.chainID, height: h, set: set, seed: seed, me: me, identity: keys.identity, blsKey: keys.bls,
            signState: signState)
        instance.baseTimeout = config.baseTimeoutMilliseconds
        instance.timeoutIncrement = config.timeoutIncrementMilliseconds
        let builder = proposalBuilder()
        ownProposal = builder
        let out = instance.start(proposingFor: { builder($0).header.hash })
        // Nothing the instance resumed with is sent before the block of its lock is back and valid.
        guard restoreLockedBlock(of: instance) else { return }
        self.instance = instance
        heightStartedAt = .now
        metrics.round.set(Int64(0))
        for (hash, block) in futureBlocks where block.header.height == h { accept(block, hash: hash) }
        futureBlocks = futureBlocks.filter { $0.value.header.height > h }
        process(out)
        for m in future.take(height: h) { receiveConsensus(m) }
    }

    /// Runs the instance's outputs, looping this validator's own messages back into it.
    func process(_ outputs: [IBFTOutput]) {
        var queue = outputs[...]
        while let output = queue.popFirst() {
            switch output {
            case .broadcast(let m):
                // The instance recorded `m` in the sign state before handing it out.
                if m.kind == .prePrepare, let block = blocks[m.value] ?? ownProposal?(m.round), block.header.hash == m.value {
                    blocks[m.value] = block
                    signState.stage(block)
                    send(.proposal(block))
                }
                send(.consensus(m))
                byzantineEcho(of: m)
                guard var instance else { continue }
                let more = instance.receive(m)
                self.instance = instance
                queue.append(contentsOf: more)
            case .scheduleTimeout(let r, let ms):
                schedule(.timeout(height: height, round: r), afterMilliseconds: ms)
                metrics.round.set(Int64(r))
                if r > 0 {
                    roundChanges += 1
                    metrics.roundChanges.increment()
                    logger.notice("round change", metadata: ["height": "\(height)", "round": "\(r)"])
                }
            case .decided(let value, let commit):
                finalize(value: value, commit: commit)
                return
            case .refusedToSign(let m):
                logger.warning(
                    "refusing to sign a message conflicting with one signed before",
                    metadata: ["height": "\(m.height)", "round": "\(m.round)", "kind": "\(m.kind)"])
            case .halt(let reason):
                stop(.safety(reason))
                return
            }
        }
    }

    /// After a restart in the middle of a height, brings back the block the resumed `instance` is
    /// locked on (the sign state keeps it with the lock and staged it when the instance loaded it),
    /// so the validator can re-propose it. False (and the validator stopped) when that block is
    /// missing or not valid here.
    private func restoreLockedBlock(of instance: IBFTInstance) -> Bool {
        guard let lock = instance.preparedCertificate else { return true }
        guard let block = signState.stagedBlock(lock.value), block.header.hash == lock.value, invalidity(of: block) == nil
        else {
            stop(.safety("the block of the stored lock at height \(instance.height) is missing or no longer valid"))
            return false
        }
        blocks[lock.value] = block
        logger.notice(
            "resuming a height after a restart",
            metadata: ["height": "\(instance.height)", "round": "\(instance.round)", "locked_round": "\(lock.round)"])
        return true
    }

    /// Broadcasts and remembers a message of this height for re-broadcast.
    func send(_ message: WireMessage) {
        sent.append(message)
        transport?.broadcast(message.encoded())
    }

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
            receiveConsensus(m, from: peer)
        case .proposal(let block): receiveProposal(block)
        case .status(let h): receiveStatus(h, from: peer)
        case .syncRequest(let from, let count): answerSync(from: from, count: count, to: peer)
        case .syncResponse(let blocks): receiveSync(blocks)
        case .payload(let p):
            _ = try? addPayload(p, source: "peer \(set.validators.firstIndex { $0.identityKey == peer } ?? -1)", gossip: false)
        }
    }

    func receiveConsensus(_ m: ConsensusMessage, from peer: [UInt8]? = nil) {
        if let evidence = detector.observe(m) { record(evidence) }
        if m.height > height || (m.height == height && instance == nil) {
            // Kept for later only if signed by a member, and boundedly per sender and height.
            if future.add(m, currentHeight: height, set: light.validatorSet) {
                if m.height > height, let peer { requestSync(from: peer) }
            } else {
                metrics.rejectedMessages.increment()
            }
            return
        }
        guard m.height == height, var instance else { return }
        if m.kind == .prePrepare {
            guard let block = blocks[m.value] else {
                // Held (boundedly) until its block arrives and is checked.
                if awaitingBlock.values.reduce(0, { $0 + $1.count }) < 64 { awaitingBlock[m.value, default: []].append(m) }
                return
            }
            if let violation = ProposalBinding.violation(header: block.header, prePrepare: m) {
                metrics.rejectedMessages.increment()
                logger.warning(
                    "PRE-PREPARE refused", metadata: ["height": "\(m.height)", "round": "\(m.round)", "reason": "\(violation)"])
                return
            }
        }
        let out = instance.receive(m)
        self.instance = instance
        remember(m)
        process(out)
    }

    private func remember(_ m: ConsensusMessage) {
        history.append(m)
        if history.count > 256 { history.removeFirst(history.count - 256) }
    }

    private func record(_ evidence: EquivocationEvidence) {
        do {
            guard try store.recordEvidence(evidence, seenAt: height) else { return }
        } catch {
            logger.error("cannot store evidence: \(error)")
            return
        }
        evidenceCount += 1
        metrics.evidence.increment()
        pendingEvidence.append(evidence)
        logger.warning(
            "equivocation detected",
            metadata: [
                "offender": "\(evidence.first.sender)", "height": "\(evidence.first.height)", "round": "\(evidence.first.round)",
                "kind": "\(evidence.first.kind)",
            ])
    }

    /// Stores a decided block durably, then moves to the next height.
    private func finalize(value: Hash32, commit: Commit) {
        guard let block = blocks[value] else {
            // Decided by a quorum's commits without the block: fetch it from a peer that stored it.
            decidedAwaitingBody = true
            logger.notice("decided without the block; syncing", metadata: ["height": "\(height)"])
            return
        }
        let finalized = FinalizedBlock(
            entry: ChainEntry(header: block.header, commit: commit, evidence: block.evidence), payloads: block.payloads)
        guard append(finalized) else {
            // The binding rules make this impossible; if it happens it is a defect, never a silent wedge.
            stop(.safety("the block decided at height \(height) fails the light-client rules"))
            return
        }
        let latency = Double(Self.nowMilliseconds()) - Double(block.header.timestamp)
        finalityMs.append(max(0, latency))
        if finalityMs.count > 1_000 { finalityMs.removeFirst() }
        metrics.finality.record(.milliseconds(Int64(max(0, latency))))
        logger.info(
            "finalized",
            metadata: [
                "height": "\(block.header.height)", "round": "\(commit.round)", "hash": "\(value)",
                "payloads": "\(block.payloads.count)", "finality_ms": "\(Int(latency))",
            ])
    }

    /// Verifies a finalized block with the light-client rules, stores it and advances.
    func append(_ block: FinalizedBlock) -> Bool {
        let header = block.entry.header
        guard header.framesRoot == Block.payloadsRoot(block.payloads) else {
            logger.warning("finalized block refused: payloads do not match frames_root", metadata: ["height": "\(header.height)"])
            return false
        }
        var verifier = light
        do {
            try verifier.verify(block.entry)
            try store.append(block, genesisHash: genesis.hash)
        } catch {
            logger.error("finalized block refused", metadata: ["height": "\(header.height)", "error": "\(error)"])
            return false
        }
        light = verifier
        seed = header.vrfOutput
        lastHash = header.hash
        lastTimestamp = header.timestamp
        mempool.remove(committed: block.payloads)
        let included = Set(block.entry.evidence.map { $0.canonicalBytes() })
        pendingEvidence.removeAll { included.contains($0.canonicalBytes()) }
        let payloadBytes = block.payloads.reduce(0) { $0 + $1.count }
        finalizedPayloadBytes += UInt64(payloadBytes)
        metrics.payloadBytes.increment(by: Int64(payloadBytes))
        metrics.height.set(Int64(header.height))
        metrics.mempool.set(Int64(mempool.count))
        detector.prune(below: header.height)
        instance = nil
        blocks = [:]
        awaitingBlock = [:]
        future.prune(below: header.height + 1)
        ownProposal = nil
        sent = []
        decidedAwaitingBody = false
        // Pipelining: the next height starts now and its proposal is paced to the block time.
        let due = min(header.timestamp, UInt64.max / 2) + config.blockTimeMilliseconds
        let now = Self.nowMilliseconds()
        schedule(.startHeight(header.height + 1), afterMilliseconds: due > now ? due - now : 0)
        return true
    }

    private func tick() {
        transport?.broadcast(WireMessage.status(height: light.height).encoded())
        let connected = transport?.connectedPeers.count ?? 0
        metrics.peers.set(Int64(connected))
        if let transport { metrics.record(transport.counters) }
        metrics.mempool.set(Int64(mempool.count))
        // Re-send this height's own messages every 500 ms until decided, so loss delays but never stalls.
        if instance != nil, ContinuousClock.now - lastRebroadcast >= .milliseconds(500) {
            lastRebroadcast = .now
            for m in sent { transport?.broadcast(m.encoded()) }
        }
        if decidedAwaitingBody, let peer = peerHeights.first(where: { $0.value >= height })?.key { requestSync(from: peer) }
        byzantineTick()
    }

    /// Adds a payload from `source` (an API client's address, a gossiping peer) to the mempool,
    /// and gossips it to the peers.
    @discardableResult
    public func addPayload(_ payload: [UInt8], source: String = "local", gossip: Bool = true) throws(MempoolError) -> Hash32 {
        let id = try mempool.add(payload, source: source)
        metrics.mempool.set(Int64(mempool.count))
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
        let finality = Percentiles(finalityMs)
        return NodeStatus(
            chainID: genesis.chainID, index: me, height: light.height, latestHash: lastHash.description,
            round: instance?.round ?? 0, peers: transport?.connectedPeers.count ?? 0, validators: set.count,
            mempool: mempool.count, lastFinalityMs: finalityMs.last, finalityP50Ms: finality.at(0.5),
            finalityP95Ms: finality.at(0.95), roundChanges: roundChanges, evidence: evidenceCount,
            finalizedPayloadBytes: finalizedPayloadBytes)
    }
}
