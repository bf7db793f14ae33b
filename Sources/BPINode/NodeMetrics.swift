import BPIAnchor
import BPIFrames
import BPINet
import BPIToolKit
import Prometheus

/// The node's Prometheus metrics (`GET /metrics`), in a registry of its own.
public final class NodeMetrics: Sendable {
    /// The registry `GET /metrics` renders.
    public let registry = PrometheusCollectorRegistry()
    let height: Gauge
    let round: Gauge
    let roundChanges: Counter
    let finality: DurationHistogram
    let peers: Gauge
    let mempool: Gauge
    let evidence: Counter
    let missedInclusions: Counter
    let rejectedMessages: Counter
    let syncedBlocks: Counter
    let payloadBytes: Counter
    let consensusMessages: Counter
    let framesRefused: [String: Counter]
    let transport: [(gauge: Gauge, field: KeyPath<TransportCounters, UInt64> & Sendable)]
    let daObjects: Gauge
    let daChallengesOpen: Gauge
    let daChallengesAnswered: Gauge
    let daFaults: Gauge

    /// Creates the metrics.
    public init() {
        height = registry.makeGauge(name: "bpi_height", help: "Highest finalized height")
        round = registry.makeGauge(name: "bpi_round", help: "Round of the height being decided")
        roundChanges = registry.makeCounter(name: "bpi_round_changes_total", help: "Round changes since start")
        finality = registry.makeDurationHistogram(
            name: "bpi_finality_latency_seconds",
            buckets: [5, 10, 25, 50, 100, 250, 400, 1_000, 2_500, 10_000].map { Duration.milliseconds($0) },
            help: "Time from a header's proposal to its finalization at this node")
        peers = registry.makeGauge(name: "bpi_peers", help: "Connected validator peers")
        mempool = registry.makeGauge(name: "bpi_mempool_size", help: "Pending frames")
        evidence = registry.makeCounter(name: "bpi_evidence_total", help: "Equivocations detected on the wire")
        missedInclusions = registry.makeCounter(
            name: "bpi_inclusion_missed_total",
            help: "Proposals refused for leaving out a listed frame, turned into missed-inclusion evidence")
        rejectedMessages = registry.makeCounter(
            name: "bpi_rejected_messages_total", help: "Malformed or invalid messages dropped")
        syncedBlocks = registry.makeCounter(name: "bpi_synced_blocks_total", help: "Finalized blocks fetched from peers")
        payloadBytes = registry.makeCounter(name: "bpi_finalized_payload_bytes_total", help: "Frame payload bytes finalized")
        consensusMessages = registry.makeCounter(
            name: "bpi_consensus_messages_total", help: "Consensus messages received from peers (after any injected loss)")
        let frames = registry
        framesRefused = Dictionary(
            uniqueKeysWithValues: FrameRefusal.reasons.map { reason in
                (
                    reason,
                    frames.makeCounter(
                        name: "bpi_frames_refused_total", labels: [("reason", reason)], help: "Frames refused on entry, by reason"
                    )
                )
            })
        registry.makeGauge(
            name: "bpi_build_info", labels: [("version", BuildInfo.version)], help: "The node's version (the value is 1)"
        ).set(Int64(1))
        daObjects = registry.makeGauge(
            name: "bpi_da_objects_committed", help: "Data-availability objects committed in the finalized chain")
        daChallengesOpen = registry.makeGauge(
            name: "bpi_da_challenges_open", help: "Data-availability challenges awaiting an answer (finalized chain)")
        daChallengesAnswered = registry.makeGauge(
            name: "bpi_da_challenges_answered", help: "Data-availability challenges answered in time (finalized chain, total)")
        daFaults = registry.makeGauge(
            name: "bpi_da_fault_evidence",
            help: "Data-availability challenges that expired unanswered into fault evidence (finalized chain, total)")
        let r = registry
        transport = [
            (
                r.makeGauge(name: "bpi_p2p_refused_inbound", help: "Inbound connections refused at a connection cap"),
                \.refusedInbound
            ),
            (
                r.makeGauge(
                    name: "bpi_p2p_handshake_timeouts", help: "Connections closed for not finishing the handshake in time"),
                \.handshakeTimeouts
            ),
            (
                r.makeGauge(
                    name: "bpi_p2p_failed_handshakes", help: "Handshakes refused (unknown or unexpected validator, bad proof)"),
                \.failedHandshakes
            ),
            (
                r.makeGauge(name: "bpi_p2p_idle_closed", help: "Channels closed after receiving nothing for the idle timeout"),
                \.idleClosed
            ),
            (r.makeGauge(name: "bpi_p2p_bulk_dropped", help: "Bulk messages dropped by backpressure"), \.bulkDropped),
            (
                r.makeGauge(name: "bpi_p2p_overflow_closed", help: "Channels closed because the peer did not read"),
                \.overflowClosed
            ),
        ]
    }

    /// Publishes the transport's counters (cumulative since the node started).
    func record(_ counters: TransportCounters) {
        for (gauge, field) in transport { gauge.set(Int64(clamping: counters[keyPath: field])) }
    }

    /// Publishes the data-availability state of the finalized chain (§15.8).
    public func record(da: DALedger) {
        daObjects.set(Int64(da.commitments.count))
        daChallengesOpen.set(Int64(da.open.count))
        daChallengesAnswered.set(Int64(clamping: da.answeredCount))
        daFaults.set(Int64(clamping: da.faultCount))
    }

    /// Publishes the threshold-encryption state of the finalized chain (§16.5): the serving key
    /// epoch, heights waiting for their key, heights revealed, and per participant of the serving
    /// key how many of its shares went into reveals (a withholding validator stays at 0) and how
    /// many did not verify (a forging one counts up).
    public func record(threshold t: ThresholdLedger, nextHeight: UInt64) {
        let serving = t.servingEpoch(for: nextHeight)
        registry.makeGauge(name: "bpi_threshold_serving_epoch", help: "Key epoch whose key serves the next height (0: none)")
            .set(Int64(clamping: serving ?? 0))
        registry.makeGauge(name: "bpi_threshold_waiting_heights", help: "Final heights whose encrypted frames wait for their key")
            .set(Int64(t.waitingHeights.count))
        registry.makeGauge(name: "bpi_threshold_revealed_heights", help: "Heights whose decryption key was revealed (total)")
            .set(Int64(t.revealed.count))
        guard let e = serving, let key = t.keys[e] else { return }
        for j in 1...key.shareKeys.count {
            registry.makeGauge(
                name: "bpi_threshold_key_shares", labels: [("participant", "\(j)")],
                help: "Key shares of each participant of the serving key that went into reveals"
            ).set(Int64(clamping: t.contributions[e]?[UInt32(j)] ?? 0))
            registry.makeGauge(
                name: "bpi_threshold_bad_key_shares", labels: [("participant", "\(j)")],
                help: "Key shares of each participant of the serving key that did not verify (carried as evidence)"
            ).set(Int64(t.badShares.filter { $0.keyEpoch == e && $0.participant == UInt32(j) }.count))
        }
    }

    /// Counts a frame refused on entry for `reason` (a `FrameError.reason`).
    func refusedFrame(_ reason: String) { framesRefused[reason]?.increment() }

    /// The Prometheus text exposition.
    public func render() -> String { registry.emitToString() }
}

extension NodeMetrics {
    /// Publishes one L1's anchor posting (§18.6): the highest confirmed height, anchors queued and
    /// in flight, and the counts of re-pricings, fee-cap holds and reorg re-sends since the state began.
    func record(anchors s: AnchorState, l1: String, stopped: Bool) {
        let labels = [("l1", l1)]
        registry.makeGauge(
            name: "bpi_anchor_confirmed_height", labels: labels, help: "Highest height whose anchor is confirmed on the L1"
        )
        .set(Int64(clamping: s.confirmed.last?.height ?? 0))
        registry.makeGauge(name: "bpi_anchor_pending", labels: labels, help: "Anchor transactions sent and not confirmed")
            .set(Int64(s.pending.count))
        registry.makeGauge(name: "bpi_anchor_queued", labels: labels, help: "Anchors waiting to be sent")
            .set(Int64(s.queued.count))
        registry.makeGauge(
            name: "bpi_anchor_repriced", labels: labels, help: "Anchor transactions re-signed with higher fees (total)"
        )
        .set(Int64(clamping: s.bumps))
        registry.makeGauge(
            name: "bpi_anchor_fee_cap_blocked", labels: labels,
            help: "Times an anchor waited because the L1 base fee was above what the fee cap allows (total)"
        ).set(Int64(clamping: s.feeCapBlocks))
        registry.makeGauge(
            name: "bpi_anchor_reposted", labels: labels, help: "Anchors sent again after an L1 reorg dropped them (total)"
        )
        .set(Int64(clamping: s.reposts))
        registry.makeGauge(name: "bpi_anchor_stopped", labels: labels, help: "1 when the poster stopped (see the log)")
            .set(Int64(stopped ? 1 : 0))
    }
}
