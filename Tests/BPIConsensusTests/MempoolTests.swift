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
        var pool = Mempool(capacity: 2)
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
}
