import BPICodec
import BPICrypto
import BPIFrames
import BPIHash
import BPIPoH
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// The rules a receipt frame meets before it is ordered (docs/SPEC.md §13.5): each way it can be
/// refused, with its reason, and the per-block fuel budget.
@Suite struct ReceiptRulesTests {
    let ledgerTests = FrameLedgerTests()

    static func receipt(fuel: UInt64 = 1_000_000, runtime: RunRuntime = .wasm) -> Receipt {
        let header = RunHeader(
            runtime: runtime, moduleHash: Hash32([UInt8](repeating: 1, count: 32))!, inputRoot: Header.emptyRoot, seed: .zero,
            timeMs: 0, args: ["w"], limits: RunLimits(fuel: fuel, memoryPages: 16, outputBytes: 1 << 20))
        return Receipt(
            runHeader: header, engine: "wasmkit-0.4.2/docklock-1", cesRoot: .zero, witnessRoot: .zero, outputHash: .zero,
            outcome: .exited, exitCode: 0, fuelUsed: 10, eventCount: 2)
    }

    static func payload(_ r: Receipt) -> [UInt8] { ReceiptSubmission(receipt: r, witnessLog: [1, 2, 3]).canonicalBytes() }

    func reason(_ w: FrameLedgerTests.World, _ frame: Frame) -> String? { ledgerTests.refusal(w, frame)?.description }

    @Test func eachWayAReceiptFrameIsRefused() throws {
        var w = try ledgerTests.world()
        let tick = w.ticks.newest
        let a = w.a.identity
        let good = Self.receipt().signed(executor: a.id, key: a.signing)
        var probe = w.a
        #expect(reason(w, probe.frame(to: a.id, kind: .receipt, payload: Self.payload(good), tick: tick)) == nil)
        // To another service.
        probe = w.a
        #expect(
            reason(w, probe.frame(to: w.b.identity.id, kind: .receipt, payload: Self.payload(good), tick: tick))?.contains(
                "src == dst") == true)
        // Not a submission.
        probe = w.a
        #expect(
            reason(w, probe.frame(to: a.id, kind: .receipt, payload: [0x80], tick: tick))?.contains("not a receipt submission")
                == true)
        // Unsigned, or signed as another executor, or by another key.
        probe = w.a
        #expect(
            reason(w, probe.frame(to: a.id, kind: .receipt, payload: Self.payload(Self.receipt()), tick: tick))?.contains(
                "executor") == true)
        let asB = Self.receipt().signed(executor: w.b.identity.id, key: w.b.identity.signing)
        probe = w.a
        #expect(
            reason(w, probe.frame(to: a.id, kind: .receipt, payload: Self.payload(asB), tick: tick))?.contains("executor") == true
        )
        let otherKey = Self.receipt().signed(executor: a.id, key: w.b.identity.signing)
        probe = w.a
        #expect(
            reason(w, probe.frame(to: a.id, kind: .receipt, payload: Self.payload(otherKey), tick: tick))?.contains("signature")
                == true)
        // A field changed after signing.
        var tampered = good
        tampered.fuelUsed += 1
        probe = w.a
        #expect(
            reason(w, probe.frame(to: a.id, kind: .receipt, payload: Self.payload(tampered), tick: tick))?.contains("signature")
                == true)
        // Native, or more fuel than a validator replays.
        let native = Self.receipt(runtime: .native).signed(executor: a.id, key: a.signing)
        probe = w.a
        #expect(
            reason(w, probe.frame(to: a.id, kind: .receipt, payload: Self.payload(native), tick: tick))?.contains("WASM") == true)
        let heavy = Self.receipt(fuel: Receipt.maxChainFuel + 1).signed(executor: a.id, key: a.signing)
        probe = w.a
        #expect(
            reason(w, probe.frame(to: a.id, kind: .receipt, payload: Self.payload(heavy), tick: tick))?.contains("fuel") == true)
        // From a service that is not registered.
        var stranger = FrameSender(identity: ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.local/svc/stranger")))
        let theirs = Self.receipt().signed(executor: stranger.identity.id, key: stranger.identity.signing)
        let unknown = stranger.frame(to: stranger.identity.id, kind: .receipt, payload: Self.payload(theirs), tick: tick)
        #expect(ledgerTests.refusal(w, unknown) == .unknownService(stranger.identity.id))
        // The good one goes through a block, and its root is the header's.
        let frame = w.a.frame(to: a.id, kind: .receipt, payload: Self.payload(good), tick: tick)
        try w.finalize([frame])
        #expect(Block.receipts([frame]) == [good])
        #expect(Block.receiptsRoot([frame]) == Receipt.root([good]))
        #expect(Block.receiptsRoot([]) == Header.emptyRoot)
    }

    @Test func aBlockAllowsAtMostItsFuelBudget() throws {
        var w = try ledgerTests.world()
        let tick = w.ticks.newest
        let a = w.a.identity
        let per = Receipt.maxChainFuel
        let count = Int(Receipt.maxBlockFuel / per)
        var frames: [Frame] = []
        for i in 0..<count {
            var r = Self.receipt(fuel: per)
            r.runHeader.timeMs = UInt64(i)
            frames.append(
                w.a.frame(to: a.id, kind: .receipt, payload: Self.payload(r.signed(executor: a.id, key: a.signing)), tick: tick))
        }
        var over = Self.receipt(fuel: 1)
        over.runHeader.timeMs = 99
        let extra = w.a.frame(
            to: a.id, kind: .receipt, payload: Self.payload(over.signed(executor: a.id, key: a.signing)), tick: tick)
        var ledger = w.ledger
        #expect(throws: FrameError.self) { try ledger.apply(block: frames + [extra], height: w.height + 1, ticks: w.ticks) }
        try ledger.apply(block: frames, height: w.height + 1, ticks: w.ticks)
        // The next block starts a new budget.
        try ledger.apply(block: [extra], height: w.height + 2, ticks: w.ticks)
    }

    @Test func aGovernedReceiptCountsItsHooksAgainstTheBlockBudget() throws {
        var w = try ledgerTests.world()
        let tick = w.ticks.newest
        let a = w.a.identity
        // Four full-fuel receipts fill the budget; one of them under an agreement no longer fits.
        var frames: [Frame] = []
        for i in 0..<Int(Receipt.maxBlockFuel / Receipt.maxChainFuel) {
            var r = Self.receipt(fuel: Receipt.maxChainFuel)
            r.runHeader.timeMs = UInt64(i)
            if i == 0 { r.runHeader.agreementID = Hash32([UInt8](repeating: 9, count: 32))! }
            frames.append(
                w.a.frame(to: a.id, kind: .receipt, payload: Self.payload(r.signed(executor: a.id, key: a.signing)), tick: tick))
        }
        var ledger = w.ledger
        #expect(throws: FrameError.self) { try ledger.apply(block: frames, height: w.height + 1, ticks: w.ticks) }
        try ledger.apply(block: Array(frames.dropLast()), height: w.height + 1, ticks: w.ticks)
    }

    @Test func agreementFramesGoToTheirSenderAndCarryABundle() throws {
        var w = try ledgerTests.world()
        let tick = w.ticks.newest
        let a = w.a.identity
        let module: [UInt8] = [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0]
        let bundle = try AgreementBundle(
            manifest: AgreementManifest(
                name: "x", agreementVersion: 1, governs: [Hash32([UInt8](repeating: 1, count: 32))!], limits: .standard,
                policies: [PolicyEntry(moduleHash: RunHeader.moduleHash(module), hooks: [.pre])]), modules: [module])
        var probe = w.a
        #expect(reason(w, probe.agreement(bundle, tick: tick)) == nil)
        probe = w.a
        #expect(
            reason(w, probe.frame(to: w.b.identity.id, kind: .agreement, payload: bundle.canonicalBytes(), tick: tick))?.contains(
                "src == dst") == true)
        probe = w.a
        #expect(
            reason(w, probe.frame(to: a.id, kind: .agreement, payload: [0x80], tick: tick))?.contains("not an agreement bundle")
                == true)
        let frame = w.a.agreement(bundle, tick: tick)
        try w.finalize([frame])
        #expect(Block.agreements([frame]) == [bundle])
    }
}
