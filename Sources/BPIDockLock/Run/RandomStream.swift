import BPIHash

/// A run's random bytes (docs/SPEC.md §13.2): the concatenation of blocks
/// `H(0x42 ‖ seed ‖ u64be(i))`, i = 0, 1, …, handed out in order.
public struct RandomStream: Sendable {
    private let seed: Hash32
    private var block: UInt64 = 0
    private var buffered: [UInt8] = []

    /// The stream of `seed`.
    public init(seed: Hash32) { self.seed = seed }

    /// The next `count` bytes.
    public mutating func next(_ count: Int) -> [UInt8] {
        while buffered.count < count {
            var input = seed.bytes
            withUnsafeBytes(of: block.bigEndian) { input += $0 }
            buffered += HashAlgorithm.blake3.hash(input, tag: .runRandom).bytes
            block += 1
        }
        let out = Array(buffered.prefix(count))
        buffered.removeFirst(count)
        return out
    }
}
