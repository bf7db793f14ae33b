import BPIConsensus
import BPIHash
import BPITestSupport
import BPITypes
import Testing

@Suite("Mempool")
struct MempoolTests {
    let tick = TickRef(height: 0, tickIndex: 0, tickHash: .zero)

    func frames(_ n: Int, bytes: Int = 100, from: Int = 0) -> [Frame] {
        var services = TestServices(count: 2)
        return services.frames(n, from: from, to: 1 - from, bytes: bytes, tick: tick)
    }

    func size(_ f: Frame) -> Int { f.canonicalBytes().count }

    @Test("frames come out oldest first, bounded by count and bytes, and leave when no longer wanted")
    func orderAndRemoval() throws {
        var pool = Mempool()
        let all = frames(10)
        for f in all { try pool.add(f, size: size(f)) }
        #expect(pool.count == 10)
        #expect(pool.batch() == all)
        #expect(pool.batch(maxCount: 3) == Array(all[0..<3]))
        #expect(pool.batch(maxBytes: 2 * size(all[0]) + 10) == Array(all[0..<2]))
        pool.retain { $0 != all[0] && $0 != all[3] }
        #expect(pool.count == 8)
        #expect(pool.batch(maxCount: 3) == [all[1], all[2], all[4]])
        #expect(pool.pending.map(\.frame) == all.enumerated().filter { $0.offset != 0 && $0.offset != 3 }.map(\.element))
    }

    @Test("a duplicate frame and a full pool are refused with typed errors")
    func refusals() throws {
        var pool = Mempool(capacity: 2, sourceShare: 1)
        let all = frames(3)
        let id = try pool.add(all[0], size: size(all[0]))
        #expect(id == all[0].id)
        #expect(throws: MempoolError.duplicate(id)) { try pool.add(all[0], size: size(all[0])) }
        try pool.add(all[1], size: size(all[1]))
        #expect(throws: MempoolError.full(2)) { try pool.add(all[2], size: size(all[2])) }
        pool.retain { $0 != all[0] }
        try pool.add(all[2], size: size(all[2]))
    }

    @Test("the byte budget and each source's share are enforced, and released when frames leave")
    func budgets() throws {
        var pool = Mempool(capacity: 10, byteCapacity: 1_000, sourceShare: 0.5)
        let a = frames(3, bytes: 1)
        try pool.add(a[0], size: 400, source: "a")
        // Source a holds 400 of its 500 bytes; 200 more would pass the share.
        #expect(throws: MempoolError.sourceOverShare(source: "a", count: 1, bytes: 400)) {
            try pool.add(a[1], size: 200, source: "a")
        }
        try pool.add(a[1], size: 100, source: "a")
        #expect(pool.held(by: "a").count == 2 && pool.held(by: "a").bytes == 500)
        // Other sources still get in, up to the pool's byte budget.
        let b = frames(2, bytes: 2, from: 1)
        try pool.add(b[0], size: 450, source: "b")
        #expect(pool.bytes == 950)
        #expect(throws: MempoolError.overBudget(bytes: 950, budget: 1_000)) { try pool.add(b[1], size: 60, source: "c") }
        // Five frames per source at most (half of 10).
        var counted = Mempool(capacity: 10, byteCapacity: 1 << 20, sourceShare: 0.5)
        let many = frames(7, bytes: 3)
        for f in many.prefix(5) { try counted.add(f, size: 1, source: "x") }
        #expect(throws: MempoolError.sourceOverShare(source: "x", count: 5, bytes: 5)) {
            try counted.add(many[5], size: 1, source: "x")
        }
        try counted.add(many[5], size: 1, source: "y")
        // Frames leaving free the bytes and the share.
        pool.retain { $0 != a[0] }
        #expect(pool.bytes == 550)
        #expect(pool.held(by: "a").count == 1 && pool.held(by: "a").bytes == 100)
        try pool.add(a[2], size: 200, source: "a")
        pool.retain { _ in false }
        #expect(pool.bytes == 0 && pool.held(by: "a").count == 0 && pool.held(by: "b").count == 0)
    }
}
