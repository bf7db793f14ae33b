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
}
