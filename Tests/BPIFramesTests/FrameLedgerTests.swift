import BPICodec
import BPICrypto
import BPIFrames
import BPIHash
import BPIPoH
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// The frame ledger and the service directory (docs/SPEC.md §12.1): who may send what, and each
/// way a frame can be refused.
@Suite("Frame ledger and service directory")
struct FrameLedgerTests {
    let genesis = BLAKE3.hash(Array("genesis".utf8))

    struct World {
        var ledger = FrameLedger()
        var ticks: TickWindow
        var height: UInt64 = 0
        var a: FrameSender
        var b: FrameSender

        /// Finalizes a block of `frames` (with a fresh tick list) at the next height.
        mutating func finalize(_ frames: [Frame]) throws {
            height += 1
            try ledger.apply(block: frames, height: height, ticks: ticks)
            ticks.append(height: height, records: BlockPoH.record(seed: [UInt8(truncatingIfNeeded: height)], events: []))
        }

        func check(_ frame: Frame) throws(FrameError) { try ledger.check(frame, ticks: ticks, for: height + 1) }
    }

    func world() throws -> World {
        let a = ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.local/svc/a"))
        let b = ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.local/svc/b"))
        var w = World(ticks: TickWindow(genesisHash: genesis), a: FrameSender(identity: a), b: FrameSender(identity: b))
        let tick = w.ticks.newest
        try w.finalize([w.a.register(tick: tick), w.b.register(tick: tick)])
        return w
    }

    func refusal(_ w: World, _ frame: Frame) -> FrameError? {
        do {
            try w.check(frame)
            return nil
        } catch {
            return error
        }
    }

    @Test("registered services exchange frames; replay, reorder, gap and fork are refused with their reasons")
    func ordering() throws {
        var w = try world()
        #expect(w.ledger.directory[w.a.identity.id]?.signingKey == w.a.identity.signing.publicKey)
        let tick = w.ticks.newest
        let f1 = w.a.frame(to: w.b.identity.id, kind: .handshake, payload: [1], tick: tick)
        let f2 = w.a.frame(to: w.b.identity.id, kind: .handshake, payload: [2], tick: tick)
        #expect(refusal(w, f2) == .brokenChain(expected: w.ledger.chainValue(of: w.a.identity.id)))  // reordered
        #expect(refusal(w, f1) == nil)
        try w.finalize([f1])
        #expect(refusal(w, f1) == .staleNonce(nonce: 1, last: 1))  // replayed
        #expect(refusal(w, f2) == nil)
        // A fork: another frame linked to the same chain value as f2.
        var fork = FrameSender(identity: w.a.identity, chain: f2.header.ncPrev, nonces: [w.b.identity.id: 1])
        let f2b = fork.frame(to: w.b.identity.id, kind: .handshake, payload: [9], tick: tick)
        try w.finalize([f2])
        #expect(refusal(w, f2b) == .staleNonce(nonce: 2, last: 2))
        let f4 = {
            var s = fork
            _ = s.frame(to: w.b.identity.id, kind: .handshake, payload: [3], tick: tick)
            return s.frame(to: w.b.identity.id, kind: .handshake, payload: [4], tick: tick)
        }()
        #expect(refusal(w, f4) == .brokenChain(expected: w.ledger.chainValue(of: w.a.identity.id)))  // a gap
        // A block holding an invalid frame is refused whole and changes nothing.
        let before = w.ledger
        let f3 = w.a.frame(to: w.b.identity.id, kind: .handshake, payload: [3], tick: tick)
        #expect(throws: FrameError.self) { try w.ledger.apply(block: [f3, f1], height: w.height + 1, ticks: w.ticks) }
        #expect(w.ledger == before)
    }

    @Test("forged signatures, unknown services, oversized payloads and stale or unknown ticks are refused")
    func forgeries() throws {
        var w = try world()
        let tick = w.ticks.newest
        let mallory = ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.local/svc/mallory"))
        // Mallory signs a frame claiming to be A.
        var spoof = FrameSender(
            identity: try ServiceIdentity(
                name: w.a.identity.name, signingSeed: mallory.signing.seed.bytes, sessionSecret: mallory.sessionSecret))
        #expect(refusal(w, spoof.frame(to: w.b.identity.id, kind: .handshake, payload: [], tick: tick)) == .badSignature)
        var m = FrameSender(identity: mallory)
        #expect(
            refusal(w, m.frame(to: w.b.identity.id, kind: .handshake, payload: [], tick: tick)) == .unknownService(mallory.id))
        var toNobody = w.a
        #expect(
            refusal(w, toNobody.frame(to: mallory.id, kind: .handshake, payload: [], tick: tick)) == .unknownService(mallory.id))
        var big = w.a
        let oversized = big.frame(
            to: w.b.identity.id, kind: .handshake, payload: [UInt8](repeating: 0, count: Frame.maxPayloadBytes + 1), tick: tick)
        #expect(refusal(w, oversized) == .oversized(Frame.maxPayloadBytes + 1))
        var wrongTick = w.a
        let forged = TickRef(height: tick.height, tickIndex: tick.tickIndex, tickHash: BLAKE3.hash([1]))
        if case .unknownTick = refusal(w, wrongTick.frame(to: w.b.identity.id, kind: .handshake, payload: [], tick: forged)) {
        } else {
            Issue.record("a tick hash that is not the chain's must be refused")
        }
        var future = w.a
        let ahead = TickRef(height: w.height + 1, tickIndex: 0, tickHash: tick.tickHash)
        if case .unknownTick = refusal(w, future.frame(to: w.b.identity.id, kind: .handshake, payload: [], tick: ahead)) {
        } else {
            Issue.record("a tick of a height not yet finalized must be refused")
        }
        // 70 empty blocks later the old tick has left the 64-block window.
        for _ in 0..<70 { try w.finalize([]) }
        var stale = w.a
        #expect(
            refusal(w, stale.frame(to: w.b.identity.id, kind: .handshake, payload: [], tick: tick))
                == .staleTick(height: tick.height, oldest: w.height - 64))
        var fresh = w.a
        #expect(refusal(w, fresh.frame(to: w.b.identity.id, kind: .handshake, payload: [], tick: w.ticks.newest)) == nil)
    }

    @Test("a rotation needs the next sequence and both keys; frames under the old key pass until it is final, none after")
    func rotation() throws {
        var w = try world()
        let tick = w.ticks.newest
        let old = w.a
        let next = ServiceIdentity.generate(name: w.a.identity.name)
        // Out of sequence, or without the current key's signature: refused.
        var skip = w.a
        guard case .badRegistration? = refusal(w, skip.rotate(to: next, sequence: 2, tick: tick)) else {
            Issue.record("sequence 2 after 0 must be refused")
            return
        }
        var unsigned = w.a
        var lone = next.registration(sequence: 1)
        lone.previousSignature = nil
        let noOld = unsigned.frame(to: next.id, kind: .registration, payload: lone.canonicalBytes(), tick: tick)
        guard
            case .badRegistration? = refusal(
                w, Frame(header: noOld.header, sealedPayload: noOld.sealedPayload, signer: next.signing))
        else {
            Issue.record("a rotation without the old key's signature must be refused")
            return
        }
        // Someone else's first registration of an existing name: refused.
        var squatter = FrameSender(identity: ServiceIdentity.generate(name: w.a.identity.name))
        if case .badRegistration? = refusal(w, squatter.register(tick: tick)) {
        } else {
            Issue.record("a second sequence 0 must be refused")
        }

        let rotation = w.a.rotate(to: next, sequence: 1, tick: tick)
        #expect(refusal(w, rotation) == nil)
        var ledgerWithPending = w.ledger
        ledgerWithPending.record(rotation)
        // In flight under the old key, while the rotation is pending: accepted.
        var inFlight = FrameSender(identity: old.identity, chain: w.a.chain, nonces: w.a.nonces)
        let oldKeyFrame = inFlight.frame(to: w.b.identity.id, kind: .handshake, payload: [1], tick: tick)
        #expect(throws: Never.self) { try ledgerWithPending.check(oldKeyFrame, ticks: w.ticks, for: w.height + 1) }
        // A second registration while one is pending: refused until it is final.
        var again = w.a
        let second = again.rotate(to: ServiceIdentity.generate(name: next.name), sequence: 2, tick: tick)
        var secondRefusal: FrameError?
        do {
            try ledgerWithPending.check(second, ticks: w.ticks, for: w.height + 1)
        } catch {
            secondRefusal = error
        }
        guard case .badRegistration? = secondRefusal else {
            Issue.record("a second registration in one block must be refused")
            return
        }
        try w.finalize([rotation])
        #expect(w.ledger.directory[next.id]?.sequence == 1 && w.ledger.directory[next.id]?.signingKey == next.signing.publicKey)
        // After: the old key is refused, the new one accepted.
        var late = FrameSender(identity: old.identity, chain: w.a.chain, nonces: w.a.nonces)
        #expect(
            refusal(w, late.frame(to: w.b.identity.id, kind: .handshake, payload: [2], tick: w.ticks.newest)) == .badSignature)
        #expect(refusal(w, w.a.frame(to: w.b.identity.id, kind: .handshake, payload: [3], tick: w.ticks.newest)) == nil)
    }
}
