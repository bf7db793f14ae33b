import BPIAnchor
import BPICodec
import BPIEthereum
import BPITestSupport
import Foundation
import Testing

/// The anchor poster against the py-evm L1 (SPEC §18.6): anchors confirm in order at the depth,
/// survive reorgs and fee spikes, a restart neither double-posts nor skips, and a failed save
/// stops it before anything is sent.
@Suite("Anchor poster", .serialized)
struct AnchorPosterTests {
    /// Saved states, as a node's store would keep them.
    final class MemoryStore: @unchecked Sendable {
        private let lock = NSLock()
        private var _saved: AnchorState?
        private var _failing = false
        struct Refused: Error {}
        var saved: AnchorState? { lock.withLock { _saved } }
        func fail() { lock.withLock { _failing = true } }
        var save: @Sendable (AnchorState) throws -> Void {
            { state in
                try self.lock.withLock {
                    if self._failing { throw Refused() }
                    self._saved = state
                }
            }
        }
    }

    static func request(_ h: UInt64) -> AnchorRequest {
        AnchorRequest(
            height: h, headerHash: Keccak256.hash([UInt8(h)]), validatorSetHash: [UInt8](repeating: 7, count: 32),
            finalizedAt: 1_000)
    }

    static func target(_ l1: L1Fixture, confirmations: UInt64 = 3, feeCap: UInt64 = 500_000_000_000) -> AnchorTarget {
        AnchorTarget(
            name: "evm-a", endpoint: l1.chain.url, chainID: l1.chain.chainID, contract: l1.contract,
            confirmations: confirmations, feeCap: feeCap, patience: 1)
    }

    /// The anchors of the mesh on the canonical chain, by height.
    static func onChain(_ l1: L1Fixture) async throws -> [AnchorLogEntry] {
        let logs = try await l1.rpc.logs(
            address: l1.contract, topics: [AnchorLogContract.anchoredTopic, AnchorLogContract.meshID(chainID: "bpi-test")],
            from: 0)
        return logs.compactMap { AnchorLogContract.decode(topics: $0.topics, data: $0.data) }
    }

    @Test("queued anchors are sent in order and confirm at the depth, each once")
    func confirmsInOrder() async throws {
        let l1 = try await L1Fixture()
        let store = MemoryStore()
        let poster = AnchorPoster(target: Self.target(l1), key: l1.key, chainID: "bpi-test", save: store.save)
        for h: UInt64 in [4, 8, 12] { try await poster.enqueue(Self.request(h)) }
        try await poster.enqueue(Self.request(8))  // at or below the last queued: ignored
        var events = await poster.step(now: 2_000)
        #expect(events.filter { if case .sent = $0 { true } else { false } }.count == 3)
        var confirmed: [UInt64] = []
        for round in 0..<6 {
            try await l1.mine()
            events = await poster.step(now: 3_000 + UInt64(round))
            for case .confirmed(let c) in events { confirmed.append(c.height) }
        }
        #expect(confirmed == [4, 8, 12])
        let state = await poster.state
        #expect(state.pending.isEmpty && state.queued.isEmpty && state.nextNonce == 4)
        #expect(store.saved == state)
        let entries = try await Self.onChain(l1)
        #expect(entries.map(\.height) == [4, 8, 12])
        #expect(entries.map(\.headerHash) == [4, 8, 12].map { Self.request($0).headerHash })
        #expect(entries.allSatisfy { $0.poster == l1.key.address })
    }

    @Test("a reorg that drops an included anchor: it is sent again and confirms once")
    func survivesReorg() async throws {
        let l1 = try await L1Fixture()
        let poster = AnchorPoster(target: Self.target(l1), key: l1.key, chainID: "bpi-test", save: MemoryStore().save)
        try await poster.enqueue(Self.request(5))
        _ = await poster.step(now: 1)
        try await l1.mine()
        var events = await poster.step(now: 2)
        #expect(events.contains(.included(height: 5, l1Block: 3)))
        _ = try await l1.rpc.call("test_reorg", [1])
        events = await poster.step(now: 3)
        #expect(events.contains(.reposted(height: 5)))
        var confirmed = false
        for i in 0..<5 where !confirmed {
            try await l1.mine()
            events = await poster.step(now: 4 + UInt64(i))
            confirmed = events.contains { if case .confirmed(let c) = $0 { c.height == 5 } else { false } }
        }
        #expect(confirmed)
        #expect(await poster.state.reposts == 1)
        #expect(try await Self.onChain(l1).map(\.height) == [5])
    }

    @Test(
        "a reorg deeper than the confirmation depth takes a confirmed anchor off the L1: it goes back in flight and confirms again"
    )
    func deepReorg() async throws {
        let l1 = try await L1Fixture()
        let poster = AnchorPoster(
            target: Self.target(l1, confirmations: 1), key: l1.key, chainID: "bpi-test", save: MemoryStore().save)
        try await poster.enqueue(Self.request(2))
        _ = await poster.step(now: 1)
        try await l1.mine()
        var events = await poster.step(now: 2)
        #expect(events.contains { if case .confirmed(let c) = $0 { c.height == 2 } else { false } }, "\(events)")
        try await poster.enqueue(Self.request(4))
        _ = await poster.step(now: 3)
        try await l1.mine()
        _ = await poster.step(now: 4)
        #expect(await poster.state.confirmed.map(\.height) == [2, 4])
        _ = try await l1.rpc.call("test_reorg", [2])  // both blocks gone
        events = await poster.step(now: 5)
        #expect(events.contains(.reposted(height: 2)) && events.contains(.reposted(height: 4)), "\(events)")
        #expect(await poster.state.confirmed.isEmpty)
        var confirmed: [UInt64] = []
        for i in 0..<4 where confirmed.count < 2 {
            try await l1.mine()
            for case .confirmed(let c) in await poster.step(now: 6 + UInt64(i)) { confirmed.append(c.height) }
        }
        #expect(confirmed == [2, 4])
        #expect(try await Self.onChain(l1).map(\.height) == [2, 4])
    }

    @Test("a fee spike: re-priced under its nonce; above the cap it waits and says so; after, it confirms")
    func feeSpike() async throws {
        let l1 = try await L1Fixture()
        let base = try await l1.rpc.nextBaseFee()
        let cap = 40 * base
        let poster = AnchorPoster(
            target: Self.target(l1, feeCap: cap), key: l1.key, chainID: "bpi-test", save: MemoryStore().save)
        try await poster.enqueue(Self.request(1))
        _ = await poster.step(now: 1)  // sent at ≈ 2 × base
        _ = try await l1.rpc.call("test_setGasSpike", [10 * base])  // now priced out
        try await l1.mine()
        var events = await poster.step(now: 2)
        #expect(events.contains { if case .repriced = $0 { true } else { false } }, "\(events)")
        // Now a spike above the cap: the in-flight anchor and a new one wait.
        _ = try await l1.rpc.call("test_setGasSpike", [100 * base])
        try await poster.enqueue(Self.request(2))
        try await l1.mine()
        events = await poster.step(now: 3)
        #expect(events.contains { if case .feeCapBlocked(2, _, cap) = $0 { true } else { false } }, "\(events)")
        try await l1.mine()
        events = await poster.step(now: 4)
        #expect(events.contains { if case .feeCapBlocked(1, _, cap) = $0 { true } else { false } }, "\(events)")
        #expect(await poster.state.feeCapBlocks >= 2)
        _ = try await l1.rpc.call("test_setGasSpike", [0])
        var confirmed: [UInt64] = []
        for i in 0..<8 where confirmed.count < 2 {
            try await l1.mine()
            for case .confirmed(let c) in await poster.step(now: 5 + UInt64(i)) { confirmed.append(c.height) }
        }
        #expect(confirmed == [1, 2])
        #expect(try await Self.onChain(l1).map(\.height) == [1, 2])
    }

    @Test("restarted from its saved state mid-flight: nothing posted twice, nothing skipped")
    func restart() async throws {
        let l1 = try await L1Fixture()
        let store = MemoryStore()
        var poster = AnchorPoster(target: Self.target(l1), key: l1.key, chainID: "bpi-test", save: store.save)
        try await poster.enqueue(Self.request(3))
        try await poster.enqueue(Self.request(6))
        _ = await poster.step(now: 1)
        try await l1.mine()
        try await poster.enqueue(Self.request(9))  // queued, not sent, when the process dies
        // A new process: the same key, the saved state; the node queues what it finalized again.
        let saved = try #require(store.saved)
        let bytes = saved.canonicalBytes()
        let decoded = try AnchorState(canonicalBytes: bytes)
        #expect(decoded == saved && decoded.pending.count == 2 && decoded.queued.count == 1)
        // The decoder takes only canonical bytes: whatever a changed byte leaves acceptable re-encodes to itself.
        var rng = SeededGenerator(seed: 44)
        var refused = 0
        for _ in 0..<3_000 {
            var b = bytes
            b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next())
            if let s = try? AnchorState(canonicalBytes: b) { #expect(s.canonicalBytes() == b) } else { refused += 1 }
        }
        #expect(refused > 0)
        poster = AnchorPoster(target: Self.target(l1), key: l1.key, chainID: "bpi-test", state: decoded, save: store.save)
        for h: UInt64 in [3, 6, 9] { try await poster.enqueue(Self.request(h)) }
        try await poster.enqueue(Self.request(12))
        var confirmed: [UInt64] = []
        for i in 0..<8 where confirmed.count < 4 {
            for case .confirmed(let c) in await poster.step(now: 2 + UInt64(i)) { confirmed.append(c.height) }
            try await l1.mine()
        }
        #expect(confirmed == [3, 6, 9, 12])
        #expect(try await Self.onChain(l1).map(\.height) == [3, 6, 9, 12])
    }

    @Test("a save that fails stops the poster before anything leaves; another chain's L1 is refused")
    func stops() async throws {
        let l1 = try await L1Fixture()
        let store = MemoryStore()
        let poster = AnchorPoster(target: Self.target(l1), key: l1.key, chainID: "bpi-test", save: store.save)
        try await poster.enqueue(Self.request(1))
        store.fail()
        let events = await poster.step(now: 1)
        #expect(events.contains { if case .stopped = $0 { true } else { false } }, "\(events)")
        #expect(await poster.stopped != nil)
        #expect(try await l1.rpc.call("test_pending") as? Int == 0)
        #expect(await poster.step(now: 2).isEmpty)
        var wrong = Self.target(l1)
        wrong.chainID = 1
        let other = AnchorPoster(target: wrong, key: l1.key, chainID: "bpi-test", save: MemoryStore().save)
        let refused = await other.step(now: 1)
        #expect(refused.count == 1 && refused.contains { if case .stopped = $0 { true } else { false } })
    }
}

extension AnchorPosterTests {
    @Test(
        "on L1s that make their own blocks (250 ms, 3 deep; 600 ms, 2 deep): a steady stream confirms with no spurious re-send",
        arguments: [(0.25, UInt64(3)), (0.6, UInt64(2))])
    func timedChain(blockTime: Double, confirmations: UInt64) async throws {
        let l1 = try await L1Fixture(chainID: 31337, blockTime: blockTime)
        let poster = AnchorPoster(
            target: Self.target(l1, confirmations: confirmations), key: l1.key, chainID: "bpi-test", save: MemoryStore().save)
        var confirmed: [UInt64] = []
        var events: [AnchorEvent] = []
        let start = Date()
        var next: UInt64 = 1
        while Date().timeIntervalSince(start) < 20 {
            if Date().timeIntervalSince(start) > Double(next) * 0.5, next <= 16 {
                try await poster.enqueue(Self.request(next))
                next += 1
            }
            let step = await poster.step(now: UInt64(Date().timeIntervalSince1970 * 1000))
            events += step
            for case .confirmed(let c) in step { confirmed.append(c.height) }
            if confirmed.count == 16 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(confirmed == Array(1...16), "\(events.filter { if case .confirmed = $0 { false } else { true } })")
        #expect(await poster.state.reposts == 0, "\(events)")
        #expect(try await Self.onChain(l1).map(\.height) == Array(1...16))
    }
}
