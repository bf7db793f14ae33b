import BPICrypto
import BPIFrames
import BPIHash
import BPIPoH
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// Inclusion lists on the chain (docs/SPEC.md §17.1–17.2), through the frame ledger: a committee
/// validator's list binds the next block, which must carry each listed frame or show a reject
/// ground that holds at its end; every list a Byzantine validator or a service can send that
/// breaks the rules is refused.
@Suite("Inclusion ledger")
struct InclusionLedgerTests {
    struct World {
        let validators = IdentityOnlyValidators()
        var ledger = FrameLedger()
        var ticks = TickWindow(genesisHash: BLAKE3.hash(Array("genesis".utf8)))
        var height: UInt64 = 0
        var services: [FrameSender]
        var client: FrameSender
        var committeeSize: UInt64 = Genesis.standardInclusionCommitteeSize
        var context: ThresholdContext {
            ThresholdContext(
                chainID: "bpi-test", validators: validators.set, seed: Array("seed \(height)".utf8),
                inclusionCommitteeSize: committeeSize)
        }

        init() throws {
            services = try IdentityOnlyValidators().keys.map(FrameSender.validatorService)
            client = FrameSender(identity: ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.local/svc/client")))
            let tick = ticks.newest
            try finalize(services.indices.map { services[$0].register(tick: tick) } + [client.register(tick: tick)])
        }

        var tick: TickRef { ticks.newest }

        mutating func finalize(_ frames: [Frame] = []) throws {
            height += 1
            try ledger.apply(block: frames, height: height, ticks: ticks, context: context)
            ticks.append(height: height, records: BlockPoH.record(seed: [UInt8(truncatingIfNeeded: height)], events: []))
        }

        func refusal(_ frame: Frame) -> FrameError? {
            ledger.refusal(of: frame, ticks: ticks, height: height + 1, context: context)
        }

        /// A data frame of the client to itself.
        mutating func data(_ text: String) -> Frame {
            client.frame(to: client.identity.id, kind: .data, payload: Array(text.utf8), tick: tick)
        }

        /// Validator `i`'s list of `frames`, made at the last final height unless `madeAt` says otherwise.
        mutating func list(_ i: Int, _ frames: [Frame], madeAt: UInt64? = nil) -> Frame {
            services[i].inclusionList(InclusionList(madeAt: madeAt ?? height, frames: frames), tick: tick)
        }
    }

    @Test("a list binds the next block: leaving the frame out is refused, carrying it is entered as included")
    func listBindsNextBlock() throws {
        var w = try World()
        let x = w.data("pay 5 to alice")
        try w.finalize([w.list(0, [x])])  // height 2 carries the list
        #expect(w.ledger.inclusion.due.map(\.id) == [x.id])
        var leftOut = w.ledger
        #expect(throws: FrameError.missedInclusion(x.id)) {
            try leftOut.apply(block: [], height: 3, ticks: w.ticks, context: w.context)
        }
        #expect(w.ledger.appendable(w.ledger.inclusion.due, after: [], height: 3, ticks: w.ticks, context: w.context) == [x])
        try w.finalize([x])
        let entries = try #require(w.ledger.inclusion.entries[3])
        #expect(entries == [InclusionEntry(frameID: x.id, outcome: .included)])
        #expect(InclusionEntry.root(entries) != Header.emptyRoot)
        #expect(w.ledger.inclusion.due.isEmpty)
        // A frame carried by the block that carries its list binds nothing.
        let y = w.data("pay 6 to bob")
        try w.finalize([w.list(1, [y]), y])
        #expect(w.ledger.inclusion.due.isEmpty)
    }

    @Test("reject grounds hold only when true: nonce used by another frame of the sender; a false ground is no excuse")
    func rejectGrounds() throws {
        var w = try World()
        var rival = w.client
        let x = w.data("first")
        let other = rival.frame(to: rival.identity.id, kind: .data, payload: Array("rival".utf8), tick: w.tick)
        try w.finalize([w.list(2, [x])])
        // The block carries another frame in x's place (same nonce and chain position): x is
        // invalid at its end, so leaving it out is allowed, as nonce-used.
        try w.finalize([other])
        #expect(w.ledger.inclusion.entries[3] == [InclusionEntry(frameID: x.id, outcome: .nonceUsed)])
        // Two lists naming the same frame make one obligation.
        let z = w.data("second")
        try w.finalize([w.list(0, [z]), w.list(1, [z])])
        #expect(w.ledger.inclusion.due.map(\.id) == [z.id])
    }

    @Test("Byzantine lists are refused: wrong height, outside the committee, bad items, not to itself")
    func badLists() throws {
        var w = try World()
        let x = w.data("x")
        func expectBadList(_ frame: Frame, _ world: World, sourceLocation: SourceLocation = #_sourceLocation) {
            guard case .badInclusionList = world.refusal(frame) else {
                Issue.record(
                    "expected bad-inclusion-list, got \(String(describing: world.refusal(frame)))", sourceLocation: sourceLocation
                )
                return
            }
        }
        expectBadList(w.list(0, [x], madeAt: w.height - 1), w)  // stale
        expectBadList(w.list(0, [x], madeAt: w.height + 1), w)  // from the future
        // The client is no validator: its "list" is refused.
        var client = w.client
        expectBadList(client.inclusionList(InclusionList(madeAt: w.height, frames: [x]), tick: w.tick), w)
        // A list naming a registration, a list, a receipt, a frame twice, or a frame with a broken signature.
        var fresh = FrameSender(identity: ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.local/svc/new")))
        expectBadList(w.list(0, [fresh.register(tick: w.tick)]), w)
        var copy = w
        expectBadList(w.list(0, [copy.list(1, [x])]), w)
        expectBadList(w.list(0, [x, x]), w)
        // Receipts are not listed (their replay is a validator's choice, so not decided alike).
        var receipts = w.client
        expectBadList(w.list(0, [receipts.frame(to: w.client.identity.id, kind: .receipt, payload: [1], tick: w.tick)]), w)
        var badSignature = x.signature
        badSignature[0] ^= 1
        let forged = Frame(header: x.header, sealedPayload: x.sealedPayload, signature: badSignature)
        expectBadList(w.list(0, [forged]), w)
        // A list to another service.
        var sender = w.services[0]
        let misdirected = sender.frame(
            to: w.client.identity.id, kind: .inclusionList,
            payload: InclusionList(madeAt: w.height, frames: [x]).canonicalBytes(), tick: w.tick)
        expectBadList(misdirected, w)
    }

    @Test(
        "two lists of one validator in a block are an equivocation: both carried, neither binds, the pair is evidence from the header and set; a third is refused"
    )
    func listEquivocation() throws {
        var w = try World()
        let (x, y, z) = (w.data("x"), w.data("y"), w.data("z"))
        let honest = w.list(0, [z])
        let first = w.list(3, [x])
        let second = w.list(3, [y])
        var pending = w.ledger
        for f in [honest, first, second] {
            try pending.check(f, ticks: w.ticks, for: w.height + 1, context: w.context)
            pending.record(f, height: w.height + 1, context: w.context)
        }
        let third = w.list(3, [z])
        do {
            try pending.check(third, ticks: w.ticks, for: w.height + 1, context: w.context)
            Issue.record("a third list of one validator in a block must be refused")
        } catch {
            guard case .badInclusionList = error else { throw ListFailure("expected bad-inclusion-list, got \(error)") }
        }
        let block = [honest, first, second]
        try w.finalize(block)
        // Validator 3's lists bind nothing; validator 0's still does.
        #expect(w.ledger.inclusion.due.map(\.id) == [z.id])
        let recorded = try #require(w.ledger.inclusion.equivocations.first)
        #expect(w.ledger.inclusion.equivocations.count == 1 && recorded.first == first.id && recorded.second == second.id)
        let evidence = ListEquivocationEvidence(frames: block, first: 1, second: 2, height: w.height)
        let header = Header(
            chainID: "bpi-test", height: w.height, round: 0, timestamp: 1, prevHash: .zero, proposerIndex: 0, vrfProof: [],
            vrfOutput: [], validatorSetHash: .zero, nextValidatorSetHash: .zero, framesRoot: Block.framesRoot(block))
        #expect(try evidence.verify(header: header, set: w.validators.set, chainID: "bpi-test") == 3)
        #expect(try ListEquivocationEvidence(canonicalBytes: evidence.canonicalBytes()) == evidence)
        // Not evidence: two lists of different validators; one list twice; another block.
        #expect(throws: TypesError.self) {
            try ListEquivocationEvidence(frames: block, first: 0, second: 1, height: w.height).verify(
                header: header, set: w.validators.set, chainID: "bpi-test")
        }
        #expect(throws: TypesError.self) {
            try ListEquivocationEvidence(frames: block, first: 1, second: 1, height: w.height).verify(
                header: header, set: w.validators.set, chainID: "bpi-test")
        }
        var elsewhere = header
        elsewhere.framesRoot = Block.framesRoot([honest])
        #expect(throws: TypesError.self) { try evidence.verify(header: elsewhere, set: w.validators.set, chainID: "bpi-test") }
    }

    @Test("on a set larger than the committee, only the members the seed picks may list")
    func committee() throws {
        var w = try World()
        w.committeeSize = 2
        let members = InclusionCommittee.members(setSize: 4, seed: w.context.seed, size: 2)
        #expect(members.count == 2 && Set(members).isSubset(of: 0..<4))
        #expect(InclusionCommittee.members(setSize: 4, seed: w.context.seed, size: 2) == members)
        #expect(InclusionCommittee.members(setSize: 4, seed: [], size: 4) == [0, 1, 2, 3])
        // Different seeds pick different committees (over a few seeds, not all the same).
        let picks = Set((0..<16).map { InclusionCommittee.members(setSize: 10, seed: [UInt8($0)], size: 3) })
        #expect(picks.count > 1)
        let x = w.data("x")
        for i in 0..<4 {
            let error = w.refusal(w.list(i, [x]))
            if members.contains(i) {
                #expect(error == nil)
            } else {
                guard case .badInclusionList = error else {
                    throw ListFailure("validator \(i) is not a member: its list must be refused")
                }
            }
        }
    }
}

/// A test's own failure with a message.
private struct ListFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
