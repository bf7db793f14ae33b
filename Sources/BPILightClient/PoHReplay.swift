/// How much of each block's Proof-of-History tick list a light client replays (docs/SPEC.md §11.2).
/// Every mode checks the cheap parts — the list hashes to `pohRoot`, mixes in the block's frame
/// ids in order, has the right clock ticks, starts at the seed and joins up — and differs only in
/// the sequential replay of the records.
public enum PoHReplay: Sendable, Equatable {
    /// Replay every record (the default).
    case full
    /// Replay a random `fraction` (0 < fraction ≤ 1) of each block's records, at least one, drawn
    /// from `seed`: a single bad record in a block is caught with probability about `fraction`.
    case sample(fraction: Double, seed: UInt64)
    /// Replay nothing (the structure is still checked).
    case off
}

/// What the replay of a chain's tick lists covered.
public struct PoHReplayStats: Sendable, Equatable {
    /// Records checked (structure) across all blocks.
    public var records = 0
    /// Records replayed.
    public var replayed = 0
    /// Sequential hash steps replayed.
    public var hashes: UInt64 = 0
    /// Sum over blocks of the probability that a single bad record in that block was replayed.
    public var detection = 0.0
    /// Blocks whose tick lists were checked.
    public var blocks = 0

    /// Nothing replayed yet.
    public init() {}

    /// The mean probability, over the checked blocks, of catching a single bad record in a block.
    public var detectionProbability: Double { blocks == 0 ? 0 : detection / Double(blocks) }
}
