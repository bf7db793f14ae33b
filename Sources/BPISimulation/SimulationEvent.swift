import BPIThreshold
import BPITypes

/// What happens at one moment of a schedule.
enum SimulationEvent {
    /// A consensus message reaches a validator slot.
    case message(to: Int, ConsensusMessage)
    /// A proposed block reaches a validator slot.
    case block(to: Int, Block)
    /// A key share for height 1, published by validator `from` (the identity that signs its
    /// key-share frame), reaches a slot.
    case keyShare(to: Int, DecryptionKeyShare, from: Int)
    /// A finalized block with its commit reaches a slot (what sync delivers on a node).
    case finalized(to: Int, Block, Commit)
    /// A round timer of one incarnation of a slot fires.
    case timer(slot: Int, incarnation: Int, round: UInt64)
    /// The schedule's crash number `k` happens.
    case crash(Int)
    /// A crashed slot restarts from its disk.
    case restart(slot: Int)
    /// A slot's disk starts refusing writes.
    case diskFails(slot: Int)
    /// A slot re-sends what it sent at this height (every 500 ms, as a node does).
    case rebroadcast(slot: Int)
    /// A Byzantine slot acts on its own (every 200 ms).
    case byzantineTick(slot: Int)
    /// The synchronous period begins.
    case gst
}
