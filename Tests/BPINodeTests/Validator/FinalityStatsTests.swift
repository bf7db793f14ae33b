import BPINode
import Testing

/// The finality window `GET /v1/finality?from=` reads: only the heights asked for, and the
/// oldest forgotten past 1,000.
@Suite("Finality stats")
struct FinalityStatsTests {
    @Test("latencies are kept per height; a window from H holds exactly the heights from H; past 1,000 the oldest go")
    func window() {
        var stats = FinalityStats()
        for h in 1...1_200 { stats.finalized(height: UInt64(h), latencyMs: Double(h % 7 == 0 ? 900 : 100)) }
        #expect(stats.latenciesMs.count == 1_000)
        #expect(stats.latencies(from: 1).count == 1_000 && stats.latencies(from: 1_101).count == 100)
        #expect(stats.latencies(from: 1_201).isEmpty)
        // Heights 1,101…1,200: 14 of them (multiples of 7) at 900 ms, the rest at 100.
        #expect(stats.latencies(from: 1_101).filter { $0 == 900 }.count == 14)
        stats.finalized(height: 1_201, latencyMs: -5)
        #expect(stats.latencies(from: 1_201) == [0], "a clock behind the header's timestamp reads 0, not a negative")
    }
}
