/// How much a message matters when a peer's send queue backs up: bulk messages are dropped first
/// (they are re-sent or re-fetched later), consensus messages only when the peer is cut off.
public enum SendPriority: Sendable, Equatable {
    /// Consensus messages, proposals, status and sync requests: never dropped before bulk.
    case consensus
    /// Payload gossip, mempool pushes and sync answers.
    case bulk
}
