import BPITypes

/// What the consensus driver reacts to: the validator service decodes the wire and the clock into
/// these, one at a time, in arrival order.
public enum DriverInput: Sendable {
    /// A consensus message from the peer with this identity key (nil: replayed from a buffer).
    case consensus(ConsensusMessage, from: [UInt8]?)
    /// A block sent beside a PRE-PREPARE.
    case proposal(Block)
    /// A peer's periodic report of its stored height.
    case status(height: UInt64, from: [UInt8])
    /// A peer asks for stored blocks `from…` (at most `count`).
    case syncRequest(from: UInt64, count: UInt64, peer: [UInt8])
    /// Blocks a peer sent in answer to a sync request.
    case syncResponse([FinalizedBlock])
    /// The height may start: the peers connected now and the frames a proposal would carry.
    case startHeight(UInt64, connected: Set<[UInt8]>, frames: [Frame])
    /// A round's timer ran out.
    case timeout(height: UInt64, round: UInt64)
    /// The periodic tick (every 250 ms).
    case tick
}
