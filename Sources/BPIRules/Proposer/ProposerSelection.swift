import BPICodec
import BPIHash
import BPITypes

/// Who proposes at (height, round) (docs/SPEC.md §7.6). A seed chain runs through the headers:
/// seed₀ is the genesis hash, seed_h is header h's VRF output. The rounds of height h are led in
/// the order of a power-weighted permutation of the set drawn from seed_{h−1} without replacement
/// (position k is drawn among the validators not yet placed, with probability proportional to
/// their power, by rejection sampling so no validator gains from modulo bias); round r is led by
/// position r mod n. So a height reaches an honest leader within f + 1 rounds when f validators
/// are faulty, and round 0 is the plain power-weighted draw. That proposer then proves the VRF on
/// `0x15 ‖ canonical([chainID, h, seed_{h−1}])`, which it cannot bias, to make seed_h.
public enum ProposerSelection {
    /// The VRF input of height `height`.
    public static func vrfInput(chainID: String, height: UInt64, previousSeed: [UInt8]) -> [UInt8] {
        let body = CBOR.array([.text(chainID), .unsigned(height), .bytes(previousSeed)])
        return [DomainTag.vrfInput.rawValue] + ((try? CBOREncoder.encode(body)) ?? [])
    }

    /// A uniform integer in [0, bound) drawn from `H(0x14 ‖ seed ‖ u64be(height) ‖ u64be(round) ‖ u64be(counter))`,
    /// counter = 0, 1, … until the first 8 bytes (big-endian) fall below the largest multiple of `bound`.
    public static func uniformDraw(seed: [UInt8], height: UInt64, round: UInt64, bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        let remainder = (UInt64.max % bound &+ 1) % bound  // 2^64 mod bound
        var counter: UInt64 = 0
        var input = seed
        for v in [height, round] { input += (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64($0))) } }
        while true {
            let block = input + (0..<8).map { UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64($0))) }
            let digest = HashAlgorithm.blake3.hash(block, tag: .proposerDraw).bytes
            let x = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            if remainder == 0 || x <= UInt64.max - remainder { return x % bound }
            counter += 1
        }
    }

    /// The first `count` positions of height `height`'s leader order: the power-weighted
    /// permutation drawn without replacement, position k from `uniformDraw(seed, height, k, …)`
    /// over the power of the validators not yet placed (by cumulative power in index order).
    public static func order(seed: [UInt8], height: UInt64, powers: [UInt64], count: Int? = nil) -> [Int] {
        var remaining = Array(powers.indices)
        var total = powers.reduce(0, +)
        var order: [Int] = []
        for position in 0..<min(count ?? powers.count, powers.count) {
            var ticket = uniformDraw(seed: seed, height: height, round: UInt64(position), bound: total)
            var pick = remaining.count - 1
            for (k, i) in remaining.enumerated() {
                if ticket < powers[i] {
                    pick = k
                    break
                }
                ticket -= powers[i]
            }
            order.append(remaining[pick])
            total -= powers[remaining[pick]]
            remaining.remove(at: pick)
        }
        return order
    }

    /// The proposer index for (height, round): position `round mod n` of the height's leader order.
    public static func proposer(seed: [UInt8], height: UInt64, round: UInt64, powers: [UInt64]) -> Int {
        precondition(!powers.isEmpty)
        let position = Int(round % UInt64(powers.count))
        return order(seed: seed, height: height, powers: powers, count: position + 1)[position]
    }

    /// The proposer index for (height, round) in `set`.
    public static func proposer(seed: [UInt8], height: UInt64, round: UInt64, set: ValidatorSet) -> Int {
        proposer(seed: seed, height: height, round: round, powers: set.validators.map(\.votingPower))
    }
}
