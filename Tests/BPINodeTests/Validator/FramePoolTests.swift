import BPIFrames
import BPIHash
import BPINode
import BPIPoH
import BPITestSupport
import BPITypes
import Testing

@Suite("Frame pool")
struct FramePoolTests {
    let genesis = BLAKE3.hash(Array("genesis".utf8))

    /// A ledger where the test services are registered (at height 1), its ticks, and the services.
    func registered() throws -> (FrameLedger, TickWindow, TestServices) {
        var services = TestServices(count: 2)
        var ledger = FrameLedger()
        var ticks = TickWindow(genesisHash: genesis)
        try ledger.apply(block: services.registrations(tick: TestServices.genesisTick(genesis)), height: 1, ticks: ticks)
        ticks.append(height: 1, records: BlockPoH.record(seed: [1], events: []))
        return (ledger, ticks, services)
    }

    @Test(
        "frames enter as the next of their sender after the pending ones; a replay or reordering is refused; a block's frames leave"
    )
    func entryAndRebuild() throws {
        var (ledger, ticks, services) = try registered()
        var pool = FramePool(ledger: ledger)
        let frames = services.frames(4, tick: ticks.newest)
        #expect(throws: FramePoolError.refused(.brokenChain(expected: ledger.chainValue(of: services.id(0))))) {
            try pool.add(frames[1], source: "api", ticks: ticks, height: 2)
        }
        for f in frames { _ = try pool.add(f, source: "api", ticks: ticks, height: 2) }
        #expect(throws: FramePoolError.pool(.duplicate(frames[0].id))) {
            try pool.add(frames[0], source: "api", ticks: ticks, height: 2)
        }
        #expect(pool.mempool.batch() == frames)
        // Height 2 finalizes the first two: they leave; the rest still follow the chain.
        try ledger.apply(block: Array(frames.prefix(2)), height: 2, ticks: ticks)
        ticks.append(height: 2, records: BlockPoH.record(seed: [2], events: []))
        #expect(pool.rebuild(on: ledger, ticks: ticks, height: 3) == 2)
        #expect(pool.mempool.batch() == Array(frames.suffix(2)))
        // A frame already finalized comes back (a replay): refused by its nonce.
        #expect(throws: FramePoolError.refused(.staleNonce(nonce: 1, last: 4))) {
            try pool.add(frames[0], source: "peer", ticks: ticks, height: 3)
        }
    }

    @Test("a reconnecting peer gets at most the oldest 4 MiB, and nothing again within 5 s")
    func boundedPush() throws {
        let (ledger, ticks, services) = try registered()
        var pool = FramePool(ledger: ledger)
        // 100 frames of 64 KiB from two services: 6.25 MiB pending.
        var s = services
        let frames =
            s.frames(50, from: 0, to: 1, bytes: 64 << 10, tick: ticks.newest)
            + s.frames(50, from: 1, to: 0, bytes: 64 << 10, tick: ticks.newest)
        for (k, f) in frames.enumerated() { _ = try pool.add(f, source: "client \(k % 4)", ticks: ticks, height: 2) }
        let peer: [UInt8] = [1, 2, 3]
        let t0 = ContinuousClock.now
        let first = pool.push(to: peer, now: t0)
        #expect(first.count == FramePool.pushBytes / (64 << 10 + 256) && first.count > 0)
        #expect(first.reduce(0) { $0 + $1.canonicalBytes().count } <= FramePool.pushBytes)
        #expect(first.first == frames[0], "oldest first")
        // The same peer reconnecting in a loop gets nothing until the interval has passed.
        #expect(pool.push(to: peer, now: t0 + .seconds(1)).isEmpty)
        #expect(pool.push(to: peer, now: t0 + .milliseconds(4_999)).isEmpty)
        #expect(pool.push(to: [9], now: t0 + .seconds(1)).count == first.count, "another peer is not held back")
        #expect(pool.push(to: peer, now: t0 + .seconds(5)).count == first.count)
    }
}
