import BPIHash

/// The simulator's random source: SplitMix64, so a schedule is a pure function of its seed.
struct SimulationRandom: RandomNumberGenerator {
    private var base: SplitMix64

    init(seed: UInt64) { base = SplitMix64(state: seed ^ 0x9E37_79B9_7F4A_7C15) }

    mutating func next() -> UInt64 { base.next() }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { p > 0 && Double.random(in: 0..<1, using: &self) < p }
}
