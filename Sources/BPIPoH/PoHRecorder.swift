import BPIHash
import BPITypes

/// Builds a block's Proof-of-History tick list (docs/SPEC.md §11): one sequential chain from the
/// seed, a clock tick recorded every `hashesPerTick` steps, and each event (a frame's nonce-chain
/// value) mixed in where it arrives — so the list shows both the order of the events and the
/// sequential work between them. What the proposer of a height runs; `PoHVerifier` replays it.
public struct PoHRecorder: Sendable {
    /// Sequential steps per clock tick.
    public let hashesPerTick: UInt64
    /// The closed records, in chain order.
    public private(set) var records: [PoHRecord] = []
    /// The state at the start of the open record.
    private var recordStart: Hash32
    /// Steps taken since `recordStart` (always below `hashesPerTick`).
    private var pending: UInt64 = 0

    /// A chain starting from `seed` (the previous header's VRF output).
    public init(seed: [UInt8], hashesPerTick: UInt64) {
        precondition(hashesPerTick >= 1, "a tick is at least one hash")
        self.hashesPerTick = hashesPerTick
        recordStart = PoHHash.start(seed: seed)
    }

    /// The current chain state.
    public var state: Hash32 { PoHHash.steps(from: recordStart, count: pending) }

    /// Runs `count` sequential steps, recording a clock tick each time `hashesPerTick` is reached.
    public mutating func hash(_ count: UInt64) {
        var left = count
        while left > 0 {
            let n = min(left, hashesPerTick - pending)
            pending += n
            left -= n
            if pending == hashesPerTick {
                let end = PoHHash.steps(from: recordStart, count: hashesPerTick)
                records.append(PoHRecord(start: recordStart, hashes: hashesPerTick, mixin: nil, end: end))
                recordStart = end
                pending = 0
            }
        }
    }

    /// Runs the steps still missing to the next clock tick, which is recorded.
    public mutating func tick() { hash(hashesPerTick - pending) }

    /// Mixes `event` into the chain now: one record of the steps since the last record, then the mix-in.
    public mutating func mix(_ event: Hash32) {
        let end = PoHHash.mix(PoHHash.steps(from: recordStart, count: pending), event)
        records.append(PoHRecord(start: recordStart, hashes: pending, mixin: event, end: end))
        recordStart = end
        pending = 0
    }
}
