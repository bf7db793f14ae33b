import BPIHash

/// SplitMix64: a small deterministic generator so randomized tests replay identically.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var base: SplitMix64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { base = SplitMix64(state: seed) }

    public mutating func next() -> UInt64 { base.next() }

    /// `count` random bytes (SplitMix64's own: each output little-endian, the last cut short).
    public mutating func bytes(_ count: Int) -> [UInt8] { base.bytes(count) }
}
