import BPIBLS
import BPICodec
import BPICrypto
import BPIFrames
import BPIHash
import BPIPoH
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// Validator-set changes on the chain (docs/SPEC.md §19), through the frame ledger: votes of more
/// than two thirds of the power for one set schedule it at the next key-epoch start; every vote a
/// Byzantine validator or a service can send that breaks the rules is refused.
@Suite("Set-change ledger")
struct SetChangeLedgerTests {
    /// A validator with real keys (BLS with its proof of possession, VRF), from a one-byte seed.
    static func validator(_ seed: UInt8, power: UInt64 = 1) -> (key: Ed25519PrivateKey, info: ValidatorInfo) {
        let key = try! Ed25519PrivateKey(seed: [UInt8](repeating: seed, count: 32))
        let bls = try! BLSSecretKey(keyMaterial: BLAKE3.deriveKey(context: "test bls", material: key.seed.bytes))
        let vrf = try! ECVRF.SecretKey(seed: BLAKE3.deriveKey(context: "test vrf", material: key.seed.bytes))
        return (
            key,
            ValidatorInfo(
                identityKey: key.publicKey.bytes, blsKey: bls.publicKey.compressed,
                blsProofOfPossession: bls.proveProofOfPossession().compressed, vrfKey: vrf.publicKey, votingPower: power,
                metadata: "v\(seed)")
        )
    }

    struct World {
        let members = (1...5).map { SetChangeLedgerTests.validator(UInt8($0)) }
        var set: ValidatorSet
        var ledger = FrameLedger()
        var ticks = TickWindow(genesisHash: BLAKE3.hash(Array("genesis".utf8)))
        var height: UInt64 = 0
        var services: [FrameSender]
        var client: FrameSender
        var context: ThresholdContext {
            ThresholdContext(chainID: "bpi-test", validators: set, seed: Array("seed \(height)".utf8))
        }
        /// The four genesis validators and the fifth (a standby).
        var genesisSet: ValidatorSet { try! ValidatorSet(members.prefix(4).map(\.info)) }
        var withFifth: ValidatorSet { try! ValidatorSet(members.map(\.info)) }

        init() throws {
            set = try ValidatorSet(members.prefix(4).map(\.info))
            services = try members.map { try FrameSender.validatorService($0.key) }
            client = FrameSender(identity: ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.local/svc/client")))
            let tick = ticks.newest
            try finalize(services.indices.map { services[$0].register(tick: tick) } + [client.register(tick: tick)])
        }

        var tick: TickRef { ticks.newest }

        /// Applies the next block; the set it names next (if any) signs from the block after.
        mutating func finalize(_ frames: [Frame] = []) throws {
            height += 1
            let next = ledger.setChange.nextSet(forHeaderAt: height)
            try ledger.apply(block: frames, height: height, ticks: ticks, context: context)
            ticks.append(height: height, records: BlockPoH.record(seed: [UInt8(truncatingIfNeeded: height)], events: []))
            if let next { set = next }
        }

        mutating func finalize(through h: UInt64) throws { while height < h { try finalize() } }

        func refusal(_ frame: Frame) -> FrameError? {
            ledger.refusal(of: frame, ticks: ticks, height: height + 1, context: context)
        }

        /// Member `i`'s vote for `next`, cast in `base` (default: the set signing now) as voter `voter` (default: its index there).
        mutating func vote(_ i: Int, for next: ValidatorSet, base: ValidatorSet? = nil, voter: UInt32? = nil) -> Frame {
            let b = base ?? set
            let index = voter ?? UInt32(b.validators.firstIndex { $0.identityKey == members[i].info.identityKey } ?? 99)
            return services[i].setChange(SetChangeVote(baseSetHash: b.hash, voter: index, nextSet: next), tick: tick)
        }
    }

    @Test("the vote round-trips canonically, and the decoder refuses other versions")
    func voteCodec() throws {
        let w = try World()
        let vote = SetChangeVote(baseSetHash: w.set.hash, voter: 2, nextSet: w.withFifth)
        #expect(try SetChangeVote(canonicalBytes: vote.canonicalBytes()) == vote)
        var fields = vote.cborFields
        fields[0] = .unsigned(2)
        #expect(throws: CBORError.self) { try SetChangeVote(canonicalBytes: try CBOREncoder.encode(.array(fields))) }
    }

    @Test("the fuzz corpus: the well-formed votes and set decode, each malformed one is refused")
    func corpus() throws {
        let dir = TestPaths.packageRoot.appendingPathComponent("Fuzz/Corpus/set-change")
        func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: dir.appendingPathComponent(name))) }
        for name in ["vote-add", "vote-remove", "vote-one"] {
            let vote = try SetChangeVote(canonicalBytes: try bytes(name))
            #expect(vote.canonicalBytes() == (try bytes(name)))
        }
        #expect(try SetChangeVote(canonicalBytes: try bytes("vote-add")).nextSet.count == 5)
        #expect(try ValidatorSet(canonicalBytes: try bytes("validator-set")).count == 4)
        for name in ["vote-version-2", "vote-short-hash", "vote-empty-set", "vote-zero-power"] {
            #expect(throws: CBORError.self, "\(name)") { try SetChangeVote(canonicalBytes: try bytes(name)) }
        }
    }

    @Test("votes of more than two thirds schedule the set at the next key-epoch start; the header before names it")
    func quorumSchedules() throws {
        var w = try World()
        let target = w.withFifth
        try w.finalize([w.vote(0, for: target), w.vote(1, for: target)])
        #expect(w.ledger.setChange.scheduled == nil)  // 2 of 4: not more than two thirds
        #expect(w.ledger.setChange.tallies.map(\.voters) == [[0, 1]])
        try w.finalize([w.vote(2, for: target)])
        let scheduled = try #require(w.ledger.setChange.scheduled)
        #expect(scheduled.set == target && scheduled.decidedAt == 3 && scheduled.activation == 65)
        #expect(w.ledger.setChange.tallies.isEmpty)
        // Only the header at 64 names it; the change takes effect at 65, a key generation's first height.
        #expect(w.ledger.setChange.nextSet(forHeaderAt: 63) == nil)
        #expect(w.ledger.setChange.nextSet(forHeaderAt: 64) == target)
        #expect(KeyEpochSchedule.standard.generationStart(of: 2) == 65)
        // While it is scheduled, further votes are refused.
        guard case .badSetChange = w.refusal(w.vote(3, for: target)) else {
            Issue.record("a vote while a change is scheduled was not refused")
            return
        }
        try w.finalize(through: 64)
        #expect(w.set == target)
        #expect(w.ledger.setChange.scheduled == nil)
        #expect(w.ledger.setChange.history.map(\.activation) == [65])
        // The new set signs height 65 and is the committee of key epoch 2's generation.
        let (keyEpoch, phase, generation) = try #require(w.ledger.threshold.generation(at: 65, context: w.context))
        #expect(keyEpoch == 2 && phase == .dealing)
        #expect(generation.committee == target.validators.map(\.identityKey))
        // A vote cast in the old set is now refused; the new member can vote.
        guard case .badSetChange = w.refusal(w.vote(0, for: w.genesisSet, base: w.genesisSet, voter: 0)) else {
            Issue.record("a vote cast in the old set was not refused after the change")
            return
        }
        #expect(w.refusal(w.vote(4, for: w.genesisSet)) == nil)
    }

    @Test("a change decided in an epoch's last blocks waits for the start after next")
    func activationNeedsTwoHeights() throws {
        var w = try World()
        try w.finalize(through: 62)
        try w.finalize([w.vote(0, for: w.withFifth), w.vote(1, for: w.withFifth), w.vote(2, for: w.withFifth)])
        #expect(w.ledger.setChange.scheduled?.activation == 65)  // decided at 63: the header at 64 can name it
        var late = try World()
        try late.finalize(through: 63)
        try late.finalize([
            late.vote(0, for: late.withFifth), late.vote(1, for: late.withFifth), late.vote(2, for: late.withFifth),
        ])
        #expect(late.ledger.setChange.scheduled?.activation == 129)  // decided at 64: too late for 65
    }

    @Test("a later vote replaces the voter's earlier one: one validator never counts twice")
    func revote() throws {
        var w = try World()
        let removeLast = try ValidatorSet(w.members.prefix(3).map(\.info))
        try w.finalize([w.vote(0, for: w.withFifth), w.vote(1, for: w.withFifth)])
        try w.finalize([w.vote(1, for: removeLast)])
        try w.finalize([w.vote(2, for: w.withFifth)])
        #expect(w.ledger.setChange.scheduled == nil)  // validators 0 and 2 for the fifth, 1 moved away
        #expect(w.ledger.setChange.tallies.count == 2)
        try w.finalize([w.vote(1, for: w.withFifth)])
        #expect(w.ledger.setChange.scheduled?.set == w.withFifth)
    }

    @Test("Byzantine votes are refused: impostor, client, replay into another set, sets that cannot serve, not to itself")
    func badVotes() throws {
        var w = try World()
        func expectBad(_ frame: Frame, _ why: String, sourceLocation: SourceLocation = #_sourceLocation) {
            guard case .badSetChange = w.refusal(frame) else {
                Issue.record(
                    "\(why): expected bad-set-change, got \(String(describing: w.refusal(frame)))", sourceLocation: sourceLocation
                )
                return
            }
        }
        let target = w.withFifth
        #expect(w.refusal(w.vote(0, for: target)) == nil)
        expectBad(w.vote(0, for: target, voter: 1), "validator 0 naming itself as voter 1")
        expectBad(w.vote(4, for: target, voter: 3), "the standby naming validator 3")
        expectBad(
            w.client.setChange(SetChangeVote(baseSetHash: w.set.hash, voter: 0, nextSet: target), tick: w.tick), "a client")
        expectBad(w.vote(0, for: target, base: target, voter: 0), "a vote cast in another set")
        expectBad(w.vote(0, for: w.set), "the set signing now")
        var badPoP = w.members[4].info
        badPoP.blsProofOfPossession = w.members[3].info.blsProofOfPossession
        expectBad(w.vote(0, for: try ValidatorSet(w.members.prefix(4).map(\.info) + [badPoP])), "a wrong proof of possession")
        var twice = w.members[4].info
        twice.identityKey = w.members[0].info.identityKey
        expectBad(w.vote(0, for: try ValidatorSet(w.members.prefix(4).map(\.info) + [twice])), "an identity key twice")
        var notAPoint = w.members[4].info
        notAPoint.identityKey = [UInt8](repeating: 0xFF, count: 32)
        expectBad(
            w.vote(0, for: try ValidatorSet(w.members.prefix(4).map(\.info) + [notAPoint])), "an identity key off the curve")
        let payload = SetChangeVote(baseSetHash: w.set.hash, voter: 0, nextSet: target).canonicalBytes()
        expectBad(
            w.services[0].frame(to: w.client.identity.id, kind: .setChange, payload: payload, tick: w.tick), "not to itself")
        expectBad(
            w.services[0].frame(to: w.services[0].identity.id, kind: .setChange, payload: [0x80], tick: w.tick), "malformed")
        // One vote per validator per block (each costs a multi-pairing to check): with validator
        // 0's vote pending, its second is refused.
        var pending = w.ledger
        pending.record(w.vote(0, for: target), height: w.height + 1, context: w.context)
        let second = w.vote(0, for: try ValidatorSet(w.members.prefix(3).map(\.info)))
        guard case .badSetChange = pending.refusal(of: second, ticks: w.ticks, height: w.height + 1, context: w.context) else {
            Issue.record("a second vote in one block was not refused")
            return
        }
        // Without the first vote pending, the set-change rules take the second (it is refused only
        // for following the first on its sender's nonce chain).
        if case .badSetChange = w.refusal(second) { Issue.record("the second vote alone was refused by the set-change rules") }
        // The rules refuse the same frames inside a block.
        var copy = w.ledger
        #expect(throws: FrameError.self) {
            try copy.apply(block: [w.vote(0, for: w.set)], height: w.height + 1, ticks: w.ticks, context: w.context)
        }
    }
}
