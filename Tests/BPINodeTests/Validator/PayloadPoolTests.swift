import BPINode
import Testing

@Suite("Payload pool (reconnect push)")
struct PayloadPoolTests {
    @Test("a reconnecting peer gets at most the oldest 4 MiB, and nothing again within 5 s")
    func boundedPush() throws {
        var pool = PayloadPool()
        // 100 payloads of 64 KiB from 4 sources: 6.25 MiB pending.
        for k in 0..<100 {
            try pool.add([UInt8](repeating: UInt8(k), count: 64 << 10), source: "client \(k % 4)")
        }
        let peer: [UInt8] = [1, 2, 3]
        let t0 = ContinuousClock.now
        let first = pool.push(to: peer, now: t0)
        #expect(first.count == PayloadPool.pushBytes / (64 << 10))
        #expect(first.reduce(0) { $0 + $1.count } <= PayloadPool.pushBytes)
        #expect(first.first == [UInt8](repeating: 0, count: 64 << 10), "oldest first")
        // The same peer reconnecting in a loop gets nothing until the interval has passed.
        #expect(pool.push(to: peer, now: t0 + .seconds(1)).isEmpty)
        #expect(pool.push(to: peer, now: t0 + .milliseconds(4_999)).isEmpty)
        #expect(pool.push(to: [9], now: t0 + .seconds(1)).count == first.count, "another peer is not held back")
        #expect(pool.push(to: peer, now: t0 + .seconds(5)).count == first.count)
        // Payloads a finalized block carried are not pushed again.
        pool.remove(committed: first)
        #expect(pool.push(to: [7], now: t0).first == [UInt8](repeating: UInt8(first.count), count: 64 << 10))
    }
}
