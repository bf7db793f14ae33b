import BPIHash

/// SplitMix64: a small deterministic generator so randomized tests replay identically.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var base: SplitMix64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { base = SplitMix64(state: seed) }

    public mutating func next() -> UInt64 { base.next() }

    /// `count` random bytes.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var i = 0
        while i < count {
            var word = next()
            for _ in 0..<Swift.min(8, count - i) {
                out[i] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                i += 1
            }
        }
        return out
    }
}
