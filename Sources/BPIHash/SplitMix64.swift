/// SplitMix64 (Steele, Lea and Flood, 2014): a small seeded generator for reproducible choices —
/// the simulator's schedules, the light client's sampled tick replay. Not for secrets.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is a pure function of `state`.
    public init(state: UInt64) { self.state = state }

    /// The next 64 bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` pseudo-random bytes: ⌈count / 8⌉ outputs, each laid out little-endian, the last cut
    /// short (test objects, benchmark data; not for secrets).
    public mutating func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: (count + 7) / 8 * 8)
        out.withUnsafeMutableBytes { raw in
            for i in 0..<raw.count / 8 { raw.storeBytes(of: next().littleEndian, toByteOffset: i * 8, as: UInt64.self) }
        }
        return Array(out.prefix(count))
    }
}
