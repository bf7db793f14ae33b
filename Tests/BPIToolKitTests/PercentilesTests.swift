import BPIToolKit
import Testing

@Suite("Percentiles")
struct PercentilesTests {
    @Test("nearest rank: ⌊q·n⌋ of the sorted sample, clamped to the last; nil when empty")
    func nearestRank() {
        let p = Percentiles([5, 1, 4, 2, 3, 10, 9, 8, 7, 6])
        #expect(p.sorted == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        #expect(p.at(0) == 1)
        #expect(p.at(0.5) == 6)
        #expect(p.at(0.95) == 10)
        #expect(p.at(1) == 10)
        #expect(p.max == 10)
        #expect(Percentiles([]).at(0.5) == nil)
        #expect(Percentiles([]).max == nil)
        #expect(Percentiles([42]).at(0.99) == 42)
    }
}
