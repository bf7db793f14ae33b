import BPIHash
import BPITypes
import Foundation

/// How many shards per chunk each validator samples, and what that buys (docs/SPEC.md §15.4).
///
/// To make a chunk of an RS(k, n) object unrecoverable, an adversary must withhold at least
/// n − k + 1 of its n shards, leaving at most k − 1 available. A validator sampling `s` distinct
/// shards of the chunk, uniformly, misses every withheld one with probability
/// C(k − 1, s) / C(n, s) ≤ ((k − 1)/n)^s (zero once s ≥ k). The `samplers` honest validators
/// (at least n_v − f of a set of n_v) draw independent schedules, so all of them miss with
/// probability (C(k − 1, s) / C(n, s))^samplers. The plan takes the smallest s that puts this
/// below 2^−`securityBits` — across the quorum's honest samplers, not for one validator alone
/// (one validator would need s close to k, a download of the chunk).
public struct SamplingPlan: Sendable, Equatable, Codable {
    public var k: Int
    public var n: Int
    /// Honest validators whose samples count.
    public var samplers: Int
    /// Distinct shards each samples per chunk.
    public var perChunk: Int

    /// The security target: P_miss < 2^−32.
    public static let securityBits = 32.0

    public init(k: Int, n: Int, samplers: Int, perChunk: Int) {
        self.k = k
        self.n = n
        self.samplers = samplers
        self.perChunk = perChunk
    }

    /// The smallest plan meeting `securityBits` for RS(k, n) and a validator set of `validators`
    /// (its honest samplers: n_v − f, f = ⌊(n_v − 1)/3⌋).
    public static func minimal(k: Int, n: Int, validators: Int, securityBits: Double = securityBits) -> SamplingPlan {
        let samplers = max(1, validators - (validators - 1) / 3)
        var s = 1
        while s < k {
            let plan = SamplingPlan(k: k, n: n, samplers: samplers, perChunk: s)
            if plan.log2Miss < -securityBits { return plan }
            s += 1
        }
        return SamplingPlan(k: k, n: n, samplers: samplers, perChunk: k)
    }

    /// log₂ of one sampler's exact miss probability for one chunk: log₂ C(k − 1, s) − log₂ C(n, s)
    /// (−∞ once s ≥ k).
    public var log2MissOne: Double {
        guard perChunk < k else { return -.infinity }
        return Self.log2Binomial(k - 1, perChunk) - Self.log2Binomial(n, perChunk)
    }

    /// log₂ of the probability that every sampler misses (exact, independent samplers).
    public var log2Miss: Double { log2MissOne * Double(samplers) }

    /// The simple bound: log₂ of ((k − 1)/n)^(s · samplers), never below the exact figure.
    public var log2MissBound: Double { Double(perChunk * samplers) * log2(Double(k - 1) / Double(n)) }

    /// One sampler's exact miss probability for one chunk.
    public var missOne: Double { exp2(log2MissOne) }

    static func log2Binomial(_ n: Int, _ r: Int) -> Double {
        guard r >= 0, r <= n else { return -.infinity }
        return (lgamma(Double(n + 1)) - lgamma(Double(r + 1)) - lgamma(Double(n - r + 1))) / log(2)
    }

    /// A seeded simulation of the minimal withholding attack against this plan: in each of `trials`
    /// trials, n − k + 1 random shards of one random chunk of a five-chunk object are withheld and
    /// `samplers` validators (random identity keys, one random VRF output) draw their schedules;
    /// returns the trials in which no schedule touched a withheld shard (to compare with `log2Miss`).
    public func simulateMinimalWithholding(trials: Int, seed: UInt64) -> Int {
        var rng = SplitMix64(state: seed)
        func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        guard
            let object = try? DAObject(
                k: UInt64(k), n: UInt64(n), chunkSize: 256 << 10, size: 5 << 18, objectHash: .zero, shardRoot: .zero)
        else { return 0 }
        var misses = 0
        for _ in 0..<trials {
            let chunk = UInt64.random(in: 0..<object.chunkCount, using: &rng)
            let withheld = Set(
                Array(0..<object.n).shuffled(using: &rng).prefix(n - k + 1).map { ShardPosition(chunk: chunk, shard: $0) })
            let vrf = bytes(64)
            let caught = (0..<samplers).contains { _ in
                SampleSchedule(object: object, vrfOutput: vrf, identityKey: bytes(32), perChunk: perChunk).positions
                    .contains(where: withheld.contains)
            }
            if !caught { misses += 1 }
        }
        return misses
    }
}
