import BPIDA
import BPIHash
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// Sampling (docs/SPEC.md §15.4): the schedule is a pure function of the header's VRF output, the
/// validator and the object, draws distinct shards per chunk uniformly; the plan's miss probability
/// is what a seeded simulation of the minimal withholding attack measures, and never above the
/// simple bound; the default plans meet 2^−32 across the honest samplers.
@Suite struct SamplingTests {
    static func object(chunks: UInt64 = 5, k: UInt64 = 10, n: UInt64 = 16) throws -> DAObject {
        try DAObject(
            k: k, n: n, chunkSize: 256 << 10, size: chunks * (256 << 10) - 1_000, objectHash: BLAKE3.hash([7]),
            shardRoot: BLAKE3.hash([8]))
    }

    @Test func theScheduleIsAPureFunctionOfHeaderValidatorAndObject() throws {
        let object = try Self.object()
        let vrf = [UInt8](repeating: 3, count: 64)
        let key = [UInt8](repeating: 4, count: 32)
        let a = SampleSchedule(object: object, vrfOutput: vrf, identityKey: key, perChunk: 4)
        #expect(a == SampleSchedule(object: object, vrfOutput: vrf, identityKey: key, perChunk: 4))
        #expect(a.positions.count == 20)
        for c in 0..<object.chunkCount {
            let shards = a.positions.filter { $0.chunk == c }.map(\.shard)
            #expect(shards.count == 4 && Set(shards).count == 4 && shards.allSatisfy { $0 < object.n })
        }
        var otherVRF = vrf
        otherVRF[0] ^= 1
        var otherKey = key
        otherKey[31] ^= 1
        var otherObject = object
        otherObject.size -= 1
        for other in [
            SampleSchedule(object: object, vrfOutput: otherVRF, identityKey: key, perChunk: 4),
            SampleSchedule(object: object, vrfOutput: vrf, identityKey: otherKey, perChunk: 4),
            SampleSchedule(object: otherObject, vrfOutput: vrf, identityKey: key, perChunk: 4),
        ] {
            #expect(other.positions != a.positions)
        }
        // More than n per chunk is every shard once.
        let all = SampleSchedule(object: object, vrfOutput: vrf, identityKey: key, perChunk: 40)
        #expect(all.positions.count == 80 && Set(all.positions).count == 80)
    }

    @Test func shardsAreDrawnUniformly() throws {
        // 16,000 single draws over 16 shards: a chi-square test of uniformity (15 degrees of
        // freedom; 37.7 is the 0.1 % critical value).
        let object = try Self.object(chunks: 1)
        var rng = SeededGenerator(seed: 36)
        var counts = [Int](repeating: 0, count: 16)
        for _ in 0..<16_000 {
            let s = SampleSchedule(object: object, vrfOutput: rng.bytes(64), identityKey: rng.bytes(32), perChunk: 1)
            counts[Int(s.positions[0].shard)] += 1
        }
        let chi2 = counts.reduce(0.0) { $0 + pow(Double($1) - 1_000, 2) / 1_000 }
        #expect(chi2 < 37.7, "counts \(counts)")
    }

    @Test(
        "the simulated miss rate of the minimal withholding matches the exact probability and stays under the bound",
        arguments: [(2, 1, 20_000), (3, 2, 40_000), (5, 1, 60_000)])
    func simulatedMissRateMatchesTheMath(perChunk: Int, samplers: Int, trials: Int) throws {
        let plan = SamplingPlan(k: 10, n: 16, samplers: samplers, perChunk: perChunk)
        let misses = plan.simulateMinimalWithholding(trials: trials, seed: UInt64(perChunk * 100 + samplers))
        let p = exp2(plan.log2Miss)
        let expected = p * Double(trials)
        let sigma = (Double(trials) * p * (1 - p)).squareRoot()
        #expect(misses > 0, "a check that compared nothing")
        #expect(abs(Double(misses) - expected) < 5 * sigma, "misses \(misses), expected \(expected) ± \(sigma)")
        #expect(plan.log2Miss <= plan.log2MissBound)
        #expect(Double(misses) < exp2(plan.log2MissBound) * Double(trials) + 5 * sigma)
    }

    @Test func theDefaultPlansMeetTwoToTheMinus32AcrossTheHonestSamplers() {
        for (validators, perChunk) in [(1, 10), (4, 9), (7, 6), (10, 5), (100, 1)] {
            let plan = SamplingPlan.minimal(k: 10, n: 16, validators: validators)
            #expect(plan.perChunk == perChunk, "\(validators) validators: \(plan)")
            #expect(plan.log2Miss < -32)
            if plan.perChunk > 1 && plan.perChunk < plan.k {
                var fewer = plan
                fewer.perChunk -= 1
                #expect(fewer.log2Miss >= -32, "the plan is not minimal for \(validators) validators")
            }
        }
        // Sampling k distinct shards of a chunk cannot miss: fewer than k are available.
        #expect(SamplingPlan(k: 10, n: 16, samplers: 1, perChunk: 10).log2Miss == -.infinity)
    }
}
