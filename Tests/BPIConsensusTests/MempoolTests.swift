import BPIConsensus
import BPIHash
import BPITypes
import Testing

@Suite("Mempool")
struct MempoolTests {
    @Test("payloads come out oldest first, bounded by count and bytes, and leave once finalized")
    func orderAndRemoval() throws {
        var pool = Mempool()
        let payloads = (0..<10).map { [UInt8](repeating: UInt8($0), count: 100 + $0) }
        for p in payloads { try pool.add(p) }
        #expect(pool.count == 10)
        #expect(pool.batch() == payloads)
        #expect(pool.batch(maxCount: 3) == Array(payloads[0..<3]))
        #expect(pool.batch(maxBytes: 205) == Array(payloads[0..<2]))
        pool.remove(committed: [payloads[0], payloads[3], [9, 9, 9]])
        #expect(pool.count == 8)
        #expect(pool.batch(maxCount: 3) == [payloads[1], payloads[2], payloads[4]])
        #expect(pool.pending == payloads.enumerated().filter { $0.offset != 0 && $0.offset != 3 }.map(\.element))
    }

    @Test("empty, oversized and duplicate payloads and a full pool are refused with typed errors")
    func refusals() throws {
        var pool = Mempool(capacity: 2, sourceShare: 1)
        #expect(throws: MempoolError.badSize(0)) { try pool.add([]) }
        #expect(throws: MempoolError.badSize(Block.maxPayloadBytes + 1)) {
            try pool.add([UInt8](repeating: 1, count: Block.maxPayloadBytes + 1))
        }
        let id = try pool.add([1])
        #expect(id == Merkle.leafHash([1]))
        #expect(throws: MempoolError.duplicate(id)) { try pool.add([1]) }
        try pool.add([2])
        #expect(throws: MempoolError.full(2)) { try pool.add([3]) }
        pool.remove(committed: [[1]])
        try pool.add([3])
    }

    @Test("the byte budget and each source's share are enforced, and released when blocks carry the payloads")
    func budgets() throws {
        var pool = Mempool(capacity: 10, byteCapacity: 1_000, sourceShare: 0.5)
        let big = [UInt8](repeating: 1, count: 400)
        try pool.add(big, source: "a")
        // Source a holds 400 of its 500 bytes; 200 more would pass the share.
        #expect(throws: MempoolError.sourceOverShare(source: "a", count: 1, bytes: 400)) {
            try pool.add([UInt8](repeating: 2, count: 200), source: "a")
        }
        try pool.add([UInt8](repeating: 3, count: 100), source: "a")
        #expect(pool.held(by: "a").count == 2 && pool.held(by: "a").bytes == 500)
        // Other sources still get in, up to the pool's byte budget.
        try pool.add([UInt8](repeating: 4, count: 450), source: "b")
        #expect(pool.bytes == 950)
        #expect(throws: MempoolError.overBudget(bytes: 950, budget: 1_000)) {
            try pool.add([UInt8](repeating: 5, count: 60), source: "c")
        }
        // Five payloads per source at most (half of 10).
        var counted = Mempool(capacity: 10, byteCapacity: 1 << 20, sourceShare: 0.5)
        for i in 0..<5 { try counted.add([UInt8(i)], source: "x") }
        #expect(throws: MempoolError.sourceOverShare(source: "x", count: 5, bytes: 5)) { try counted.add([9], source: "x") }
        try counted.add([9], source: "y")
        // A finalized block frees the bytes and the share.
        pool.remove(committed: [big])
        #expect(pool.bytes == 550)
        #expect(pool.held(by: "a").count == 1 && pool.held(by: "a").bytes == 100)
        try pool.add([UInt8](repeating: 2, count: 200), source: "a")
        pool.remove(committed: pool.pending)
        #expect(pool.bytes == 0 && pool.held(by: "a").count == 0 && pool.held(by: "b").count == 0)
    }
}
