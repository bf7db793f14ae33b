import BPICodec
import BPIConsensus
import BPICrypto
import BPIFrames
import BPIHash
import BPINet
import BPIThreshold
import BPIToolKit
import BPITypes
import Foundation
import Logging
import NIOCore
import ServiceLifecycle

/// The validator service (docs/SPEC.md §9.3): one actor per validator that takes events one at a
/// time in arrival order and wires the collaborators that do the work. It decodes the wire, hands
/// consensus to the `ConsensusDriver` (the IBFT instance, the verified stored chain, blocks,
/// evidence, sync) and carries out the effects the driver returns — sends on the peer mesh
/// (`PeerTransport`), timers, figures (`FinalityStats`, `NodeMetrics`) and log lines — keeps the
/// pending frames (`FramePool`) and serves the API's questions. Test-only misbehaviour
/// (`ByzantineBehaviour`) exists only on a validator configured to play it.
public actor ValidatorService: Service {
    let config: NodeConfig
    let metrics: NodeMetrics
    let logger: Logger
    let events: AsyncStream<NodeEvent>
    let eventSink: AsyncStream<NodeEvent>.Continuation
    let identity: Ed25519PrivateKey
    let store: BlockStore
    var transport: PeerTransport?
    var driver: ConsensusDriver
    var frames: FramePool
    var stats = FinalityStats()
    var byzantine: ByzantineBehaviour?
    /// The test switch `refuse_frames_from` (nil on a real network).
    let censor: DirectFrameCensor?
    var threshold: ThresholdAgent
    var inclusion: InclusionAgent

    /// The identity keys of every peer (`NodeConfig.roster`).
    let roster: [[UInt8]]
    /// This validator's place in the roster (its place in the set signing now may differ, §19).
    var me: Int { config.index }
    var set: ValidatorSet { driver.set }

    /// A service for the validator `config.index` of `genesis`, over `store`.
    public init(
        config: NodeConfig, genesis: Genesis, keys: ValidatorKeys, store: BlockStore, metrics: NodeMetrics, logger: Logger
    ) throws(NodeError) {
        roster = try config.roster(genesis: genesis)
        guard roster[config.index] == keys.identity.publicKey.bytes else {
            throw .notAValidator(
                "the key \(keys.identity.publicKey) is not peer \(config.index) of the roster (the genesis set, then standby_keys)"
            )
        }
        driver = try ConsensusDriver(config: config, genesis: genesis, keys: keys, store: store)
        frames = FramePool(ledger: driver.chain.ledger, signatures: driver.chain.signatures)
        threshold = ThresholdAgent(keys: keys, chainID: genesis.chainID)
        inclusion = InclusionAgent(identity: keys.identity)
        self.config = config
        self.metrics = metrics
        self.logger = logger
        identity = keys.identity
        self.store = store
        (events, eventSink) = AsyncStream.makeStream(of: NodeEvent.self, bufferingPolicy: .unbounded)
        byzantine = ByzantineBehaviour(mode: config.byzantine, identity: keys.identity, me: config.index)
        censor = DirectFrameCensor(config.refuseFramesFrom)
        driver.censor = byzantine?.censorship
    }

    /// Runs until the service group shuts down (SIGTERM/SIGINT).
    public func run() async throws {
        let sink = eventSink
        let transport = PeerTransport(
            identity: identity, chainID: driver.chainID, identities: roster, addresses: config.peers,
            me: me, fault: config.faultProfile, onConnected: { sink.yield(.peerConnected($0)) },
            handler: { from, bytes in sink.yield(.message(from: from, bytes: bytes)) })
        do {
            try await transport.start()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw NodeError.startup(
                "cannot listen for peers on \(config.peers[me].text): the address is in use (another process holds the port)")
        } catch {
            throw NodeError.startup("cannot listen for peers on \(config.peers[me].text): \(error)")
        }
        self.transport = transport
        logger.info(
            "validator started",
            metadata: ["index": "\(me)", "height": "\(driver.storedHeight)", "listen": "\(config.peers[me].text)"])
        metrics.height.set(Int64(driver.storedHeight))
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                sink.yield(.tick)
            }
        }
        sink.yield(.timer(.startHeight(driver.height)))
        await cancelWhenGracefulShutdown {
            for await event in self.events { await self.handle(event) }
        }
        ticker.cancel()
        await transport.stop()
        if let fatal = driver.stopped {
            logger.critical("validator stopped for safety", metadata: ["height": "\(driver.storedHeight)", "error": "\(fatal)"])
            throw fatal
        }
        logger.info("validator stopped", metadata: ["height": "\(driver.storedHeight)"])
    }

    private func handle(_ event: NodeEvent) {
        guard driver.stopped == nil else { return }
        switch event {
        case .message(let from, let bytes): receive(bytes, from: from)
        case .timer(.timeout(let h, let r)): drive(.timeout(height: h, round: r))
        case .timer(.startHeight(let h)):
            drive(.startHeight(h, connected: Set(transport?.connectedPeers ?? []), frames: frames.mempool.batch()))
        case .tick: tick()
        case .peerConnected(let peer):
            for f in frames.push(to: peer) { transport?.send(WireMessage.frame(f).encoded(), to: peer, priority: .bulk) }
        }
    }

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
            drive(.consensus(m, from: peer))
        case .proposal(let block): drive(.proposal(block))
        case .status(let h): drive(.status(height: h, from: peer))
        case .syncRequest(let from, let count): drive(.syncRequest(from: from, count: count, peer: peer))
        case .syncResponse(let blocks): drive(.syncResponse(blocks))
        case .frame(let f):
            let sender = set.validators.firstIndex { $0.identityKey == peer } ?? -1
            // A gossiped frame this validator cannot take (already held, or refused) is dropped.
            _ = try? addDirectFrame(f, source: "peer \(sender)", gossip: false)
        }
    }

    /// Every 250 ms: the driver's tick (status, re-sends, a pending sync) and the figures.
    private func tick() {
        drive(.tick)
        metrics.peers.set(Int64(transport?.connectedPeers.count ?? 0))
        metrics.mempool.set(Int64(frames.mempool.count))
        metrics.record(da: driver.chain.ledger.da)
        metrics.record(threshold: driver.chain.ledger.threshold, nextHeight: driver.chain.next)
        if let transport { metrics.record(transport.counters) }
        for bytes in byzantine?.tick(height: driver.height, storedHeight: driver.storedHeight) ?? [] {
            transport?.broadcast(bytes)
        }
    }

    /// Gives `input` to the consensus driver and carries out its effects in order.
    private func drive(_ input: DriverInput) {
        for effect in driver.handle(input) {
            switch effect {
            case .broadcast(let message):
                transport?.broadcast(message.encoded())
                if case .consensus(let m) = message {
                    for bytes in byzantine?.echo(of: m) ?? [] { transport?.broadcast(bytes) }
                }
            case .send(let message, let peer, let priority):
                transport?.send(message.encoded(), to: peer, priority: priority)
            case .schedule(let timer, let ms):
                let sink = eventSink
                Task {
                    try? await Task.sleep(for: .milliseconds(ms))
                    sink.yield(.timer(timer))
                }
            case .report(let report): record(report)
            case .stop(let error):
                logger.critical("fatal: \(error)", metadata: ["height": "\(driver.height)"])
                eventSink.finish()
                return
            }
        }
    }

    /// Checks a frame from `source` (an API client's address, a gossiping peer) as the next of
    /// its sender after the pending frames, adds it to the mempool and gossips it (§12.1).
    /// Refusals are counted by reason (`bpi_frames_refused_total`).
    @discardableResult
    /// A frame that came directly (API, peers): refused at the door by the test switch
    /// `refuse_frames_from` when it names the sender, else `addFrame`.
    public func addDirectFrame(_ frame: Frame, source: String, gossip: Bool = true) throws(FramePoolError) -> Hash32 {
        if let why = censor?.refusal(frame) { throw .censored(why) }
        return try addFrame(frame, source: source, gossip: gossip)
    }

    public func addFrame(_ frame: Frame, source: String = "local", gossip: Bool = true) throws(FramePoolError) -> Hash32 {
        let id: Hash32
        do {
            id = try frames.add(
                frame, source: source, ticks: driver.chain.ticks, height: driver.chain.next, receipts: driver.receipts,
                context: driver.chain.context)
        } catch {
            if case .refused(let why) = error { metrics.refusedFrame(why.reason) }
            throw error
        }
        if gossip {
            logger.debug("frame accepted", metadata: ["id": "\(id)", "kind": "\(frame.header.kind)", "source": "\(source)"])
            transport?.broadcast(WireMessage.frame(frame).encoded(), priority: .bulk)
        }
        metrics.mempool.set(Int64(frames.mempool.count))
        return id
    }

    /// Sends this validator's own frames for the next block — threshold frames (registration, key
    /// generation, key shares; `ThresholdAgent`), then its inclusion list (`InclusionAgent`) —
    /// through the pool like any frame. A frame the rules refuse is
    /// logged and not sent: the rules, not this validator, decide what is valid.
    func sendValidatorFrames() {
        let chain = driver.chain
        let (out, problems) = threshold.frames(
            finalized: chain.ledger, pending: frames.pending, next: chain.next, tick: chain.ticks.newest, context: chain.context)
        for p in problems { logger.warning("threshold: \(p)", metadata: ["height": "\(chain.next)"]) }
        let (pool, gossip) = byzantine?.threshold(out) ?? (out, [])
        for frame in gossip { transport?.broadcast(WireMessage.frame(frame).encoded(), priority: .bulk) }
        for frame in pool {
            do {
                try addFrame(frame, source: "self")
                logger.debug("threshold frame sent", metadata: ["kind": "\(frame.header.kind)", "height": "\(chain.next)"])
            } catch {
                logger.warning("threshold frame refused", metadata: ["kind": "\(frame.header.kind)", "error": "\(error)"])
            }
        }
        if config.inclusionLists,
            let list = inclusion.list(
                pool: frames.mempool.pending.map(\.frame), pending: frames.pending, stored: chain.height,
                tick: chain.ticks.newest,
                context: chain.context)
        {
            for frame in byzantine?.inclusionLists(list) ?? [list] {
                do {
                    try addFrame(frame, source: "self")
                } catch {
                    logger.warning("inclusion list refused", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Lists `frame` in this validator's next inclusion list whether or not its pool holds it
    /// (devnet test control `POST /v1/test/inclusion-list`: a frame only this validator saw).
    public func requestListing(_ frame: Frame) { inclusion.request(frame) }

    /// Adds frames in order (`POST /v1/frames/batch`): each is checked as a single POST would be;
    /// the answer lists the ids taken and, by index, the refusals with their reasons.
    public func addFrames(_ batch: [Frame], source: String) -> BatchOutcome {
        // The signatures are verified first on all cores (into the signature cache); the checks
        // that depend on order (nonces, chains) then run one by one and find them verified.
        let keys = batch.map { f in f.header.kind == .registration ? nil : frames.pending.directory[f.header.source]?.signingKey }
        let cache = frames.signatures
        DispatchQueue.concurrentPerform(iterations: batch.count) { i in
            if let key = keys[i] { _ = cache.isSigned(batch[i], by: key) }
        }
        var outcome = BatchOutcome()
        for (i, frame) in batch.enumerated() {
            do {
                outcome.accepted.append(try addDirectFrame(frame, source: source).description)
            } catch {
                let reason: String
                switch error {
                case .refused(let why): reason = why.reason
                case .pool(.duplicate): reason = "duplicate"
                case .pool(.sourceOverShare): reason = "over-share"
                case .pool: reason = "mempool-full"
                case .censored: reason = "censored"
                }
                outcome.refused.append(.init(index: i, reason: reason, message: error.description))
            }
        }
        return outcome
    }

    /// The threshold state of the finalized chain (`GET /v1/epoch`).
    public func epoch() -> EpochView {
        EpochView(ledger: driver.chain.ledger.threshold, height: driver.chain.height, context: driver.chain.context)
    }

    /// What an encrypted frame opened to, or nil when no finalized encrypted frame has this id
    /// in the ledger (`waiting` while its key is not revealed).
    public func opening(_ id: Hash32) -> OpeningView? {
        let t = driver.chain.ledger.threshold
        switch t.openings[id] {
        case .opened(let bytes): return OpeningView(id: id.description, status: "opened", plaintext: Hex.encode(bytes))
        case .undecryptable: return OpeningView(id: id.description, status: "undecryptable")
        case nil: return t.isWaiting(id) ? OpeningView(id: id.description, status: "waiting") : nil
        }
    }

    /// The missed-inclusion evidence on the finalized chain (with the height carrying each) and the
    /// items this validator holds that no block carried yet (§17.3).
    public func missedInclusions() -> (
        carried: [(height: UInt64, evidence: MissedInclusionEvidence)], pending: [MissedInclusionEvidence]
    ) {
        (driver.chain.missedInclusions, driver.evidence.missed)
    }

    /// The bad key shares the finalized chain carries (§16.5), oldest first, each as evidence with
    /// the `epoch-key` frame that put its key on the chain (a share whose key no finalized
    /// epoch-key frame carries yet is left out until one does).
    public func badKeyShares() throws(BlockStoreError) -> [BadKeyShareEvidence] {
        let t = driver.chain.ledger.threshold
        var out: [BadKeyShareEvidence] = []
        for bad in t.badShares {
            guard let placed = t.keyFrames[bad.keyEpoch], let block = try store.block(at: bad.carriedAt),
                let i = block.frames.firstIndex(where: { $0.id == bad.frameID }),
                let keyBlock = try store.block(at: placed.carriedAt),
                let k = keyBlock.frames.firstIndex(where: { $0.id == placed.frameID })
            else { continue }
            out.append(
                BadKeyShareEvidence(
                    frames: block.frames, index: i, height: bad.carriedAt, keyFrames: keyBlock.frames, keyIndex: k,
                    keyHeight: placed.carriedAt))
        }
        return out
    }

    /// The inclusion-list equivocations the finalized chain carries (§17.1), oldest first, each as
    /// evidence with the validator it is against (checked here against the stored header and set).
    public func listEquivocations() throws(BlockStoreError) -> [(evidence: ListEquivocationEvidence, offender: Int)] {
        var out: [(evidence: ListEquivocationEvidence, offender: Int)] = []
        for e in driver.chain.ledger.inclusion.equivocations {
            guard let block = try store.block(at: e.height), let i = block.frames.firstIndex(where: { $0.id == e.first }),
                let j = block.frames.firstIndex(where: { $0.id == e.second })
            else { continue }
            let evidence = ListEquivocationEvidence(frames: block.frames, first: i, second: j, height: e.height)
            let set = try store.validatorSet(signing: e.height, genesisSet: driver.chain.genesis.validatorSet)
            guard let offender = try? evidence.verify(header: block.entry.header, set: set, chainID: driver.chainID) else {
                continue
            }
            out.append((evidence, offender))
        }
        return out
    }

    /// The inclusion entries of finalized height `h` (empty without obligations), or nil when the
    /// height is older than the ledger keeps (§17.2).
    public func inclusionEntries(at h: UInt64) -> [InclusionEntry]? {
        let height = driver.chain.height
        guard h <= height, height - h < InclusionLedger.keptHeights else { return nil }
        return driver.chain.ledger.inclusion.entries[h] ?? []
    }

    /// Whether the frame with this id is in the mempool.
    public func isPending(_ id: Hash32) -> Bool { frames.mempool.contains(id) }

    /// The open data-availability challenges of the finalized chain, oldest first, and the height
    /// they are as of (§15.8).
    public func openChallenges() -> (height: UInt64, open: [DALedger.OpenChallenge]) {
        let open = driver.chain.ledger.da.open.values.sorted {
            ($0.frame.height, $0.frame.envelope.id.description) < ($1.frame.height, $1.frame.envelope.id.description)
        }
        return (driver.chain.height, open)
    }

    /// A service's directory entry and its sending state — its nonce-chain value and last nonce
    /// to each destination, finalized and with the pending frames (`GET /v1/services/{id}`).
    public func service(_ id: Hash32) -> ServiceView? {
        let finalized = driver.chain.ledger
        guard let entry = finalized.directory[id] ?? frames.pending.directory[id] else {
            // Not registered yet; its chain may still have a pending first registration.
            let pendingChain = frames.pending.chainValue(of: id)
            guard pendingChain != finalized.chainValue(of: id) else { return nil }
            return ServiceView(id: id, entry: nil, finalizedChain: finalized.chainValue(of: id), pendingChain: pendingChain)
        }
        return ServiceView(
            id: id, entry: entry, finalizedChain: finalized.chainValue(of: id), pendingChain: frames.pending.chainValue(of: id))
    }

    /// The last nonce pending or finalized from `source` to `destination`.
    public func lastNonce(from source: Hash32, to destination: Hash32) -> UInt64 {
        frames.pending.lastNonce(FramePair(source: source, destination: destination))
    }

    /// The newest finalized tick (what a sender names).
    public func newestTick() -> TickRef { driver.chain.ticks.newest }

    /// Test partitions: cuts this validator off from the validators at `indices` (empty heals).
    public func partition(from indices: [Int]) {
        transport?.setBlocked(Set(indices.filter { set.validators.indices.contains($0) }.map { set.validators[$0].identityKey }))
        logger.notice("test partition", metadata: ["blocked": "\(indices)"])
    }

    /// Whether the validator can take part: connected to peers that, with it, hold more than two
    /// thirds of the power, and not behind them (no peer reports a stored height more than
    /// `Readiness.maxLag` above its own). What `GET /readyz` answers.
    public func readiness() -> Readiness {
        let connected = Set(transport?.connectedPeers ?? [])
        let quorum = driver.hasQuorum(connected: connected)
        let highest = driver.highestPeerHeight
        let behind = highest > driver.storedHeight + Readiness.maxLag
        var reasons: [String] = []
        if !quorum { reasons.append("connected to \(connected.count) of \(set.count - 1) peers: not a quorum of the power") }
        if behind { reasons.append("at height \(driver.storedHeight), a peer is at \(highest): catching up") }
        return Readiness(
            ready: reasons.isEmpty, height: driver.storedHeight, highestPeerHeight: highest, peers: connected.count,
            quorum: quorum, reasons: reasons)
    }

    /// The node's status.
    /// Finality latencies at this validator of the heights it decided from `height` on (of the
    /// last 1,000 it keeps): what a measurement over a window of load reads (`GET /v1/finality`).
    public func finality(from height: UInt64) -> FinalityView {
        let window = stats.latencies(from: height)
        let p = Percentiles(window)
        return FinalityView(from: height, heights: window.count, p50Ms: p.at(0.5), p95Ms: p.at(0.95), maxMs: p.max)
    }

    public func status() -> NodeStatus {
        let finality = stats.percentiles
        return NodeStatus(
            chainID: driver.chainID, index: me, height: driver.storedHeight, latestHash: driver.lastHash.description,
            round: driver.currentRound, peers: transport?.connectedPeers.count ?? 0, validators: set.count,
            mempool: frames.mempool.count, lastFinalityMs: stats.latenciesMs.last, finalityP50Ms: finality.at(0.5),
            finalityP95Ms: finality.at(0.95), roundChanges: stats.roundChanges, evidence: driver.evidenceCount,
            finalizedPayloadBytes: stats.finalizedPayloadBytes, version: BuildInfo.version,
            tick: TickView(driver.chain.ticks.newest))
    }
}
