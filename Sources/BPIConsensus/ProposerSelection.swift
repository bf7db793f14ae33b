import BPICodec
import BPIHash
import BPITypes

/// Who proposes at (height, round) (docs/SPEC.md §7.6). A seed chain runs through the headers:
/// seed₀ is the genesis hash, seed_h is header h's VRF output. The proposer of (h, r) is drawn
/// from seed_{h−1} with probability proportional to voting power, by rejection sampling so no
/// validator gains from modulo bias; that proposer then proves the VRF on
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

    /// The proposer index for (height, round) given the previous seed and the set's voting powers.
    public static func proposer(seed: [UInt8], height: UInt64, round: UInt64, powers: [UInt64]) -> Int {
        let total = powers.reduce(0, +)
        var ticket = uniformDraw(seed: seed, height: height, round: round, bound: total)
        for (i, p) in powers.enumerated() {
            if ticket < p { return i }
            ticket -= p
        }
        return powers.count - 1
    }

    /// The proposer index for (height, round) in `set`.
    public static func proposer(seed: [UInt8], height: UInt64, round: UInt64, set: ValidatorSet) -> Int {
        proposer(seed: seed, height: height, round: round, powers: set.validators.map(\.votingPower))
    }
}
