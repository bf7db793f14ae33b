import BPITypes

/// Catching up with peers that are ahead, and serving peers that are behind.
extension ConsensusDriver {
    /// A peer's periodic status: remember its height and catch up if it is ahead.
    mutating func receiveStatus(_ peerHeight: UInt64, from peer: [UInt8]) {
        sync.status(peerHeight, from: peer)
        if peerHeight > chain.height { requestSync(from: peer, ahead: peerHeight - chain.height) }
    }

    /// Asks `peer` for the blocks after our latest, at most every 500 ms. A peer one height
    /// ahead is usually just a moment ahead, so it is asked only once this height has run 750 ms.
    mutating func requestSync(from peer: [UInt8], ahead: UInt64 = 2) {
        guard sync.shouldRequest(ahead: ahead, heightRunningFor: round.running) else { return }
        emit(.send(.syncRequest(from: chain.height + 1, count: WireMessage.maxSyncBlocks), to: peer, priority: .consensus))
    }

    /// Serves stored blocks `from…` (at most `count`, about 4 MiB).
    mutating func answerSync(from: UInt64, count: UInt64, to peer: [UInt8]) {
        guard from >= 1, from <= chain.height, count > 0 else { return }
        var blocks: [FinalizedBlock] = []
        var bytes = 0
        for h in from...min(chain.height, from + min(count, WireMessage.maxSyncBlocks) - 1) {
            guard let block = try? store.block(at: h) else { break }
            bytes += block.frames.reduce(1_024) { $0 + $1.sealedPayload.count + 256 }
            if !blocks.isEmpty && bytes > 4 << 20 { break }
            blocks.append(block)
        }
        emit(.send(.syncResponse(blocks), to: peer, priority: .bulk))
    }

    /// Verifies fetched blocks with the light-client rules and stores those that extend the chain.
    mutating func receiveSync(_ fetched: [FinalizedBlock]) {
        sync.answered()
        var appended = 0
        for block in fetched where block.entry.header.height == chain.height + 1 {
            guard append(block) else { break }
            appended += 1
        }
        if appended > 0 { report(.synced(blocks: appended, height: chain.height)) }
    }
}
