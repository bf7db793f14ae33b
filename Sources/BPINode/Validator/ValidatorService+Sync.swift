import BPITypes

extension ValidatorService {
    /// A peer's periodic status: remember its height and catch up if it is ahead.
    func receiveStatus(_ peerHeight: UInt64, from peer: [UInt8]) {
        sync.status(peerHeight, from: peer)
        if peerHeight > chain.height { requestSync(from: peer, ahead: peerHeight - chain.height) }
    }

    /// Asks `peer` for the blocks after our latest, at most every 500 ms. A peer one height
    /// ahead is usually just a moment ahead, so it is asked only once this height has run 750 ms.
    func requestSync(from peer: [UInt8], ahead: UInt64 = 2) {
        guard sync.shouldRequest(ahead: ahead, heightRunningFor: round.running) else { return }
        transport?.send(WireMessage.syncRequest(from: chain.height + 1, count: WireMessage.maxSyncBlocks).encoded(), to: peer)
    }

    /// Serves stored blocks `from…` (at most `count`, about 4 MiB).
    func answerSync(from: UInt64, count: UInt64, to peer: [UInt8]) {
        guard from <= chain.height else { return }
        var blocks: [FinalizedBlock] = []
        var bytes = 0
        for h in from...min(chain.height, from + count - 1) {
            guard let block = try? store.block(at: h) else { break }
            bytes += block.payloads.reduce(1_024) { $0 + $1.count }
            if !blocks.isEmpty && bytes > 4 << 20 { break }
            blocks.append(block)
        }
        transport?.send(WireMessage.syncResponse(blocks).encoded(), to: peer, priority: .bulk)
    }

    /// Verifies fetched blocks with the light-client rules and stores those that extend the chain.
    func receiveSync(_ fetched: [FinalizedBlock]) {
        sync.answered()
        var appended = 0
        for block in fetched where block.entry.header.height == chain.height + 1 {
            guard append(block) else { break }
            appended += 1
            metrics.syncedBlocks.increment()
        }
        if appended > 0 { logger.info("synced from a peer", metadata: ["blocks": "\(appended)", "height": "\(chain.height)"]) }
    }
}
