import BPICodec
@_spi(Simulation) import BPIConsensus
import BPICrypto
import BPIHash
@_spi(Simulation) import BPIRules
import BPITypes
import Testing

/// The defects of issue 10, each replayed on the instance alone: S1 (a restarted validator voted
/// in a round it had left), L1 (bogus round changes halted rounds ≥ 1).
@Suite("IBFT safety regressions")
struct IBFTSafetyTests {
    let validators = IBFTTestValidators()
    let a = BLAKE3.hash([0xA]), b = BLAKE3.hash([0xB])

    func signed(_ kind: MessageKind, from i: Int, round: UInt64, value: Hash32, payload: [UInt8] = []) -> ConsensusMessage {
        ConsensusMessage(
            kind: kind, chainID: "bpi", height: 7, round: round, sender: UInt64(i), value: value, payload: payload,
            signer: validators.identities[i])
    }

    func roundChange(from i: Int, round: UInt64) -> ConsensusMessage {
        signed(
            .roundChange, from: i, round: round, value: .zero,
            payload: RoundChangeJustification.Payload(preparedRound: nil, prepares: []).encoded)
    }

    func node(_ me: Int, store: InMemorySignStateStore, bugs: InjectedBugs = []) -> (IBFTInstance, [IBFTOutput]) {
        var node = IBFTInstance(
            chainID: "bpi", height: 7, set: validators.set, seed: [9], me: me, identity: validators.identities[me],
            blsKey: validators.bls[me], signState: store)
        node.injectedBugs = bugs
        let out = node.start(proposingFor: { BLAKE3.hash([UInt8(me), UInt8($0)]) })
        return (node, out)
    }

    func sent(_ out: [IBFTOutput]) -> [ConsensusMessage] {
        out.compactMap { if case .broadcast(let m) = $0 { m } else { nil } }
    }

    /// The S1 schedule up to the restart, for the validator `me` that is neither round 0's nor
    /// round 1's leader: it PREPAREs A in round 0 (sees no quorum), times out, PREPAREs and
    /// COMMITs B in round 1 (lock (1, B)). Returns the round-0 leader and the round-0 messages a
    /// Byzantine peer keeps to replay.
    func s1UpToRestart(store: InMemorySignStateStore) throws -> (me: Int, replay: [ConsensusMessage]) {
        let probe = node(0, store: InMemorySignStateStore()).0
        let (p0, p1) = (probe.proposer(of: 0), probe.proposer(of: 1))
        let me = try #require((0..<4).first { $0 != p0 && $0 != p1 })
        let others = (0..<4).filter { $0 != me }
        var (v, _) = node(me, store: store)
        let prePrepareA = signed(.prePrepare, from: p0, round: 0, value: a)
        #expect(sent(v.receive(prePrepareA)).contains { $0.kind == .prepare && $0.value == a })
        #expect(sent(v.timeout(round: 0)).contains { $0.kind == .roundChange && $0.round == 1 })
        let justification = try CBOREncoder.encode(.array((0..<3).map { roundChange(from: $0, round: 1).cbor }))
        #expect(
            sent(v.receive(signed(.prePrepare, from: p1, round: 1, value: b, payload: justification))).contains {
                $0.kind == .prepare
            })
        var commits: [ConsensusMessage] = []
        for i in others where i != p1 { commits += sent(v.receive(signed(.prepare, from: i, round: 1, value: b))) }
        commits += sent(v.receive(signed(.prepare, from: p1, round: 1, value: b)))
        #expect(commits.contains { $0.kind == .commit && $0.round == 1 && $0.value == b })
        #expect(v.preparedCertificate?.round == 1 && v.preparedCertificate?.value == b)
        return (me, [prePrepareA] + others.map { signed(.prepare, from: $0, round: 0, value: a) })
    }

    @Test(
        "S1: restarted after locking (1, B), a validator fed the replayed round-0 PRE-PREPARE and PREPAREs for A does not COMMIT A and keeps its lock"
    )
    func restartedValidatorDoesNotVoteInALeftRound() throws {
        let store = InMemorySignStateStore()
        let (me, replay) = try s1UpToRestart(store: store)
        var (restarted, startOut) = node(me, store: store)
        #expect(restarted.round == 1, "resumes in the round it entered")
        #expect(restarted.preparedCertificate?.round == 1 && restarted.preparedCertificate?.value == b)
        #expect(sent(startOut).allSatisfy { $0.round == 1 }, "after a restart it re-sends only what it signed in round 1")
        var out: [IBFTOutput] = []
        for m in replay { out += restarted.receive(m) }
        #expect(!sent(out).contains { $0.kind == .commit && $0.value == a }, "COMMIT(0, A) after a restart is the fork of S1")
        #expect(restarted.preparedCertificate?.round == 1 && restarted.preparedCertificate?.value == b)
        startOut = restarted.timeout(round: 1)
        let change = try #require(sent(startOut).first { $0.kind == .roundChange })
        #expect(change.round == 2 && change.value == b, "its next round change still reports the lock (1, B)")
    }

    @Test("S1 control: with the no-round-persistence bug injected, the same replay does produce COMMIT(0, A)")
    func s1ReappearsWithoutRoundPersistence() throws {
        let store = InMemorySignStateStore()
        let (me, replay) = try s1UpToRestart(store: store)
        var (restarted, _) = node(me, store: store, bugs: .noRoundPersistence)
        var out: [IBFTOutput] = []
        for m in replay { out += restarted.receive(m) }
        #expect(sent(out).contains { $0.kind == .commit && $0.round == 0 && $0.value == a })
    }

    @Test("a validator whose sign state cannot be written sends nothing and halts")
    func failedWriteHalts() throws {
        let store = InMemorySignStateStore()
        var (v, _) = node(1, store: store)
        store.failWrites = true
        let out = v.timeout(round: 0)
        #expect(sent(out).isEmpty)
        #expect(out.contains { if case .halt = $0 { true } else { false } } && v.halted != nil)
        store.failWrites = false
        #expect(v.receive(roundChange(from: 2, round: 1)).isEmpty, "a halted instance stays halted")
    }

    @Test(
        "L1: round changes claiming a prepared value without a certificate are dropped on receipt; the leader proposes with a justification every validator accepts"
    )
    func bogusRoundChangesAreDropped() throws {
        let probe = node(0, store: InMemorySignStateStore()).0
        let leader = probe.proposer(of: 1)
        let byzantine = (leader + 1) % 4
        let honest = (0..<4).filter { $0 != leader && $0 != byzantine }
        var (v, _) = node(leader, store: InMemorySignStateStore())
        // Bogus round changes for rounds 1…64, each claiming round 0 prepared a value, no PREPAREs.
        for r in 1...UInt64(64) {
            let bogus = signed(
                .roundChange, from: byzantine, round: r, value: BLAKE3.hash([UInt8(r)]),
                payload: RoundChangeJustification.Payload(preparedRound: 0, prepares: []).encoded)
            #expect(v.receive(bogus).isEmpty)
        }
        #expect(v.round == 0)
        var out = v.timeout(round: 0)
        for m in sent(out) { out += v.receive(m) }  // the driver loops a validator's own messages back
        out += v.receive(roundChange(from: honest[0], round: 1))
        #expect(!sent(out).contains { $0.kind == .prePrepare }, "two valid round changes are not a quorum")
        out += v.receive(roundChange(from: honest[1], round: 1))
        let proposal = try #require(sent(out).first { $0.kind == .prePrepare })
        #expect(proposal.value == BLAKE3.hash([UInt8(leader), 1]), "nothing was validly prepared: the leader's own value")
        guard case .array(let items) = try CBORDecoder.decode(proposal.payload) else { throw TypesError.invalid("payload") }
        let justification = try items.map { try ConsensusMessage(cbor: $0) }
        try RoundChangeJustification.verify(
            proposal: proposal.value, chainID: "bpi", height: 7, round: 1, roundChanges: justification, set: validators.set)
        // Another validator prepares it.
        var (other, _) = node(honest[0], store: InMemorySignStateStore())
        #expect(sent(other.receive(proposal)).contains { $0.kind == .prepare && $0.round == 1 })
    }

    @Test(
        "the justification is a minimal quorum chosen deterministically: the same round changes in any order give the same bytes")
    func deterministicJustification() throws {
        let certificate = (0..<3).map { signed(.prepare, from: $0, round: 0, value: a) }
        let locked = signed(
            .roundChange, from: 3, round: 2, value: a,
            payload: RoundChangeJustification.Payload(preparedRound: 0, prepares: certificate).encoded)
        let changes = [roundChange(from: 0, round: 2), roundChange(from: 1, round: 2), roundChange(from: 2, round: 2), locked]
        let first = try #require(RoundChangeJustification.select(from: changes, set: validators.set))
        #expect(first.prepared == a)
        #expect(first.justification.map(\.sender) == [3, 0, 1], "the locked one first, then by sender, stopping at a quorum")
        for order in [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]] {
            let other = try #require(RoundChangeJustification.select(from: order.map { changes[$0] }, set: validators.set))
            #expect(other.justification == first.justification && other.prepared == first.prepared)
        }
        #expect(RoundChangeJustification.select(from: Array(changes.prefix(2)), set: validators.set) == nil)
    }

    @Test("a PREPARE with a payload, and a round-0 PRE-PREPARE with one, are refused on receipt")
    func malformedVotesRefused() {
        let p0 = node(0, store: InMemorySignStateStore()).0.proposer(of: 0)
        var (w, _) = node((p0 + 1) % 4, store: InMemorySignStateStore())
        #expect(w.receive(signed(.prePrepare, from: p0, round: 0, value: a, payload: [1])).isEmpty)
        #expect(!sent(w.receive(signed(.prePrepare, from: p0, round: 0, value: a))).isEmpty)
        for i in 0..<4 { _ = w.receive(signed(.prepare, from: i, round: 0, value: a, payload: [0xF6])) }
        #expect(w.preparedCertificate == nil, "PREPAREs with payloads are not votes")
    }

    @Test("a leader that must re-propose a prepared value whose block it never received stays silent; holding it, it re-proposes")
    func leaderWithoutTheBlockStaysSilent() throws {
        let probe = node(0, store: InMemorySignStateStore()).0
        let leader = probe.proposer(of: 1)
        let preparers = (0..<4).filter { $0 != leader }
        // A was prepared in round 0 by three validators; one of them reports it in its round change.
        let prepares = preparers.map { signed(.prepare, from: $0, round: 0, value: a) }
        let locked = signed(
            .roundChange, from: preparers[0], round: 1, value: a,
            payload: RoundChangeJustification.Payload(preparedRound: 0, prepares: prepares).encoded)
        let changes = [locked] + preparers.dropFirst().map { roundChange(from: $0, round: 1) }
        for holds in [false, true] {
            var v = IBFTInstance(
                chainID: "bpi", height: 7, set: validators.set, seed: [9], me: leader, identity: validators.identities[leader],
                blsKey: validators.bls[leader], signState: InMemorySignStateStore())
            _ = v.start(proposingFor: { BLAKE3.hash([UInt8(leader), UInt8($0)]) }, holds: { _ in holds })
            var out: [IBFTOutput] = []
            for m in changes { out += v.receive(m) }
            let proposals = sent(out).filter { $0.kind == .prePrepare }
            if holds {
                #expect(proposals.map(\.value) == [a], "holding A's block, the leader re-proposes A")
            } else {
                #expect(proposals.isEmpty, "without A's block the leader proposes nothing (not its own value either)")
                #expect(v.round == 1)
            }
        }
    }
}
