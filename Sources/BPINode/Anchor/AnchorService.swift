import BPIAnchor
import BPICrypto
import BPIEthereum
import BPITypes
import Foundation
import Logging
import ServiceLifecycle

/// Anchors this validator's finalized headers to L1s (docs/SPEC.md §18.6): every 100 ms it reads
/// the store's latest height, queues each new multiple of `every` (header hash and set hash from
/// the stored header) with every L1's `AnchorPoster`, and lets each poster take a step. A poster's
/// state lives in the store (`anchor_state`); a restart resumes it and queues only heights above
/// the last one queued. It reads the store and the L1s; consensus never waits for it.
public actor AnchorService: Service {
    let settings: AnchorSettings
    let store: BlockStore
    let metrics: NodeMetrics
    let logger: Logger
    let posters: [AnchorPoster]
    /// The L1 account that posts.
    public nonisolated let poster: EthereumAddress
    /// This validator's signed pledges, by L1 name (docs/SPEC.md §18.11).
    public nonisolated let pledges: [String: AnchorPledge]
    /// Heights queued in one round at most: a node back after a long stop anchors the newest.
    static let catchUp: UInt64 = 256
    private var lastProblem: [String: String] = [:]

    /// A service for the L1s of `settings`, signing with `key`, anchoring `chainID`'s headers from
    /// `store`; `identity` (the validator's key) signs the pledges the settings make.
    public init(
        settings: AnchorSettings, key: Secp256k1PrivateKey, identity: Ed25519PrivateKey, chainID: String, store: BlockStore,
        metrics: NodeMetrics, logger: Logger
    ) throws(NodeError) {
        var posters: [AnchorPoster] = []
        for t in settings.targets {
            let saved: AnchorState?
            do {
                saved = try store.anchorState(t.name)
            } catch {
                throw .startup("\(error)")
            }
            let name = t.name
            posters.append(
                AnchorPoster(
                    target: t, key: key, chainID: chainID, state: saved ?? AnchorState(),
                    save: { state in try store.saveAnchorState(name, state) }))
        }
        self.settings = settings
        self.store = store
        self.metrics = metrics
        self.logger = logger
        self.posters = posters
        poster = key.address
        var pledges: [String: AnchorPledge] = [:]
        for t in settings.targets {
            guard let terms = t.pledge else { continue }
            pledges[t.name] = AnchorPledge(
                chainID: chainID, l1ChainID: t.chainID, contract: t.contract.bytes, poster: key.address.bytes,
                every: settings.every,
                fromHeight: terms.fromHeight, deadlineSeconds: terms.deadlineSeconds, l1FromBlock: terms.l1FromBlock,
                signer: identity)
        }
        self.pledges = pledges
    }

    public func run() async throws {
        logger.info(
            "anchoring to L1s",
            metadata: [
                "every": "\(settings.every)", "poster": "\(poster.checksummed)",
                "l1": "\(settings.targets.map { "\($0.name) (chain \($0.chainID))" }.joined(separator: ", "))",
            ])
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.round()
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Queues new anchor heights and steps every poster once, all L1s at once (one that does not
    /// answer holds up only itself).
    func round() async {
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        let latest = (try? store.latestHeight()) ?? 0
        let (store, every) = (self.store, settings.every)
        let results = await withTaskGroup(of: (String, [AnchorEvent], AnchorState, Bool).self) { group in
            for poster in posters {
                group.addTask {
                    await Self.enqueueNew(poster, latest: latest, every: every, store: store, now: now)
                    let events = await poster.step(now: now)
                    return (poster.target.name, events, await poster.state, await poster.stopped != nil)
                }
            }
            var out: [(String, [AnchorEvent], AnchorState, Bool)] = []
            for await r in group { out.append(r) }
            return out
        }
        for (name, events, state, stopped) in results {
            for event in events { report(event, l1: name) }
            metrics.record(anchors: state, l1: name, stopped: stopped)
        }
    }

    /// Queues with `poster` every multiple of `every` above its last queued height up to `latest`
    /// (the newest `catchUp` after a long stop), each from its stored header.
    static func enqueueNew(_ poster: AnchorPoster, latest: UInt64, every: UInt64, store: BlockStore, now: UInt64) async {
        let state = await poster.state
        var first = (state.lastQueuedHeight / every + 1) * every
        if latest >= first, (latest - first) / every >= catchUp { first = (latest / every - catchUp + 1) * every }
        var h = first
        while h <= latest, h > 0 {
            guard let block = try? store.block(at: h) else { return }
            let header = block.entry.header
            do {
                try await poster.enqueue(
                    AnchorRequest(
                        height: h, headerHash: header.hash.bytes, validatorSetHash: header.validatorSetHash.bytes,
                        finalizedAt: now))
            } catch {
                return
            }
            h += every
        }
    }

    private func report(_ event: AnchorEvent, l1: String) {
        let meta: Logger.Metadata = ["l1": "\(l1)"]
        switch event {
        case .sent, .included, .confirmed, .repriced, .reposted:
            lastProblem[l1] = nil
            logger.info("\(event)", metadata: meta)
        case .feeCapBlocked, .sendRefused, .reverted:
            logger.warning("\(event)", metadata: meta)
        case .unreachable(let why):
            // Once per distinct problem, not every 100 ms.
            if lastProblem[l1] != why { logger.warning("\(event)", metadata: meta) }
            lastProblem[l1] = why
        case .stopped:
            logger.error("\(event)", metadata: meta)
        }
    }

    /// What `GET /v1/anchors` shows.
    public func view() async -> AnchorsView {
        var targets: [(AnchorTarget, AnchorState, String?, String?)] = []
        for p in posters { targets.append((p.target, await p.state, await p.stopped, lastProblem[p.target.name])) }
        return AnchorsView(every: settings.every, poster: poster.checksummed, targets: targets, pledges: pledges)
    }
}
