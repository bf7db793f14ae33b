import BPIPinner
import Testing

/// Placement (docs/SPEC.md §15.5): shards rotate over the backends; a policy is refused unless
/// losing any `tolerance` backends leaves k shards of every chunk, and then it does.
@Suite struct PlacementPolicyTests {
    @Test func losingAnyToleratedBackendsLeavesKShardsOfEveryChunk() throws {
        for (backends, k, n) in [(3, 4, 6), (4, 4, 12), (5, 10, 16), (6, 10, 16), (16, 10, 16), (2, 2, 5)] {
            let t = PlacementPolicy.maxTolerance(backends: backends, k: k, n: n)
            let policy = try PlacementPolicy(backends: backends, tolerance: t, k: k, n: n)
            for chunk in 0..<7 {
                var held = [Int](repeating: 0, count: backends)
                for s in 0..<n { held[policy.backend(chunk: chunk, shard: s)] += 1 }
                #expect(held.max()! - held.min()! <= 1)
                // Every set of t lost backends: the worst is the t fullest.
                let worst = held.sorted(by: >).prefix(t).reduce(0, +)
                #expect(n - worst >= k, "\(backends) backends RS(\(k),\(n)) t=\(t) chunk \(chunk)")
                if t >= 1 { #expect(held.max()! <= n - k) }
            }
            #expect(throws: PinnerError.self) { try PlacementPolicy(backends: backends, tolerance: t + 1, k: k, n: n) }
        }
        #expect(PlacementPolicy.maxTolerance(backends: 4, k: 4, n: 12) == 2)
        #expect(PlacementPolicy.maxTolerance(backends: 2, k: 10, n: 16) == 0)
        #expect(throws: PinnerError.self) { try PlacementPolicy(backends: 0, tolerance: 0, k: 1, n: 2) }
        #expect(throws: PinnerError.self) { try PlacementPolicy(backends: 1, tolerance: 1, k: 1, n: 2) }
    }
}
