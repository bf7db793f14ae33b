import BPITypes
import Logging

/// What the consensus driver reports, turned into figures, log lines and the frame pool's
/// upkeep: no decision is taken here.
extension ValidatorService {
    func record(_ report: DriverReport) {
        switch report {
        case .round(let h, let r):
            metrics.round.set(Int64(r))
            guard r > 0 else { return }
            stats.roundChanged()
            metrics.roundChanges.increment()
            logger.notice("round change", metadata: ["height": "\(h)", "round": "\(r)"])
        case .finalized(let block, let round, let latency):
            metrics.finality.record(.milliseconds(Int64(latency)))
            stats.finalized(height: block.entry.header.height, latencyMs: latency)
            let header = block.entry.header
            logger.info(
                "finalized",
                metadata: [
                    "height": "\(header.height)", "round": "\(round)", "hash": "\(header.hash)",
                    "frames": "\(block.frames.count)", "finality_ms": "\(Int(latency))",
                ])
        case .stored(let block):
            // What the block carried, or made invalid or stale, leaves the pool.
            frames.rebuild(
                on: driver.chain.ledger, ticks: driver.chain.ticks, height: driver.chain.next, context: driver.chain.context)
            let payloadBytes = block.frames.reduce(0) { $0 + $1.sealedPayload.count }
            stats.stored(payloadBytes: payloadBytes)
            metrics.payloadBytes.increment(by: Int64(payloadBytes))
            metrics.height.set(Int64(block.entry.header.height))
            metrics.mempool.set(Int64(frames.mempool.count))
            sendValidatorFrames()
        case .synced(let blocks, let height):
            metrics.syncedBlocks.increment(by: Int64(blocks))
            logger.info("synced from a peer", metadata: ["blocks": "\(blocks)", "height": "\(height)"])
        case .blockRefused(let height, let reason):
            logger.error("finalized block refused", metadata: ["height": "\(height)", "error": "\(reason)"])
        case .evidence(let e):
            metrics.evidence.increment()
            logger.warning(
                "equivocation detected",
                metadata: [
                    "offender": "\(e.first.sender)", "height": "\(e.first.height)", "round": "\(e.first.round)",
                    "kind": "\(e.first.kind)",
                ])
        case .missedInclusion(let e):
            metrics.missedInclusions.increment()
            logger.warning(
                "missed inclusion detected",
                metadata: [
                    "offender": "\(e.header.proposerIndex)", "height": "\(e.height)", "round": "\(e.header.round)",
                    "frame": "\(e.frameID)",
                ])
        case .evidenceNotStored(let why):
            logger.error("cannot store evidence: \(why)")
        case .refused(let what, let height, let reason):
            metrics.rejectedMessages.increment()
            if let reason { logger.warning("\(what) refused", metadata: ["height": "\(height)", "reason": "\(reason)"]) }
        case .refusedToSign(let m):
            logger.warning(
                "refusing to sign a message conflicting with one signed before",
                metadata: ["height": "\(m.height)", "round": "\(m.round)", "kind": "\(m.kind)"])
        case .resumed(let height, let round, let locked):
            logger.notice(
                "resuming a height after a restart",
                metadata: ["height": "\(height)", "round": "\(round)", "locked_round": "\(locked)"])
        case .decidedWithoutBlock(let height):
            logger.notice("decided without the block; syncing", metadata: ["height": "\(height)"])
        }
    }
}
