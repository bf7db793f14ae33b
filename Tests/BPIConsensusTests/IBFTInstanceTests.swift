import BPIBLS
import BPICodec
import BPIConsensus
import BPICrypto
import BPIHash
import BPIRules
import BPITestSupport
import BPITypes
import Testing

/// Four validators with their keys.
struct IBFTTestValidators {
    let identities = (0..<4).map { try! Ed25519PrivateKey(seed: [UInt8](repeating: UInt8($0 + 1), count: 32)) }
    let bls = (0..<4).map { try! BLSSecretKey(keyMaterial: [UInt8](repeating: UInt8($0 + 1), count: 32)) }
    var set: ValidatorSet {
        try! ValidatorSet(
            (0..<4).map { i in
                ValidatorInfo(
                    identityKey: identities[i].publicKey.bytes, blsKey: bls[i].publicKey.compressed,
                    blsProofOfPossession: bls[i].proveProofOfPossession().compressed, vrfKey: [UInt8](repeating: 0, count: 32),
                    votingPower: 1,
                    metadata: "v\(i)")
            })
    }
}

/// An in-process network: a FIFO of deliveries, timers fired when it goes quiet, crashes and loss.
struct IBFTSimulation {
    var nodes: [IBFTInstance]
    var stores = (0..<4).map { _ in InMemorySignStateStore() }
    var crashed: Set<Int> = []
    var dropRate = 0.0
    var drop: (ConsensusMessage) -> Bool = { _ in false }
    var rng = SeededGenerator(seed: 1)
    var queue: [(Int, ConsensusMessage)] = []
    var timers: [(Int, UInt64)] = []
    var decisions: [Int: (Hash32, Commit)] = [:]

    /// Validator i proposes `values[i]` in every round it leads.
    init(validators: IBFTTestValidators, values: [Hash32]) {
        self.init(validators: validators) { i, _ in values[i] }
    }

    /// Validator i proposes `proposal(i, r)` when it leads round r with nothing prepared.
    init(validators: IBFTTestValidators, proposal: @escaping @Sendable (Int, UInt64) -> Hash32) {
        let set = validators.set
        let stores = stores
        nodes = (0..<4).map {
            IBFTInstance(
                chainID: "bpi", height: 7, set: set, seed: [9], me: $0, identity: validators.identities[$0],
                blsKey: validators.bls[$0], signState: stores[$0])
        }
        for i in 0..<4 { apply(i, nodes[i].start(proposingFor: { proposal(i, $0) })) }
    }

    mutating func apply(_ from: Int, _ outputs: [IBFTOutput]) {
        guard !crashed.contains(from) else { return }
        for output in outputs {
            switch output {
            case .broadcast(let m):
                for to in 0..<4 where !drop(m) && (to == from || Double.random(in: 0..<1, using: &rng) >= dropRate) {
                    queue.append((to, m))
                }
            case .scheduleTimeout(let round, _): timers.append((from, round))
            case .decided(let value, let commit): decisions[from] = (value, commit)
            case .refusedToSign: break
            case .halt(let reason): Issue.record("validator \(from) halted: \(reason)")
            }
        }
    }

    mutating func run(steps: Int = 20_000) {
        var n = 0
        while n < steps && decisions.count < 4 - crashed.count {
            n += 1
            if !queue.isEmpty {
                let (to, m) = queue.removeFirst()
                if !crashed.contains(to) { apply(to, nodes[to].receive(m)) }
            } else if !timers.isEmpty {
                let due = timers
                timers = []
                for (node, round) in due where !crashed.contains(node) { apply(node, nodes[node].timeout(round: round)) }
            } else {
                break
            }
        }
    }

    /// Safety: no two validators decided different values.
    var agreed: Bool { Set(decisions.values.map(\.0)).count <= 1 }
}

@Suite("IBFT instance")
struct IBFTInstanceTests {
    let validators = IBFTTestValidators()
    let values = (0..<4).map { BLAKE3.hash([UInt8($0)]) }

    @Test("happy path: every validator decides the round-0 proposal, with a commit the light-client rules accept")
    func happyPath() throws {
        var sim = IBFTSimulation(validators: validators, values: values)
        sim.run()
        #expect(sim.decisions.count == 4 && sim.agreed)
        let proposer = sim.nodes[0].proposer(of: 0)
        let (value, commit) = try #require(sim.decisions[0])
        #expect(value == values[proposer] && commit.round == 0)
        let signers = try commit.signers.signers(count: 4)
        #expect(signers.count >= 3)
        let keys = try validators.set.blsPublicKeys()
        let message = Commit.signedMessage(chainID: "bpi", height: 7, round: 0, headerHash: value)
        #expect(
            BLS.fastAggregateVerify(
                publicKeys: signers.map { keys[$0] }, message: message,
                signature: try BLSSignature(compressed: commit.aggregateSignature)))
    }

    @Test("a crashed round-0 proposer: the others time out, change round and decide")
    func crashedProposer() throws {
        var sim = IBFTSimulation(validators: validators, values: values)
        let p = sim.nodes[0].proposer(of: 0)
        sim.crashed = [p]
        sim.queue.removeAll { $0.1.sender == UInt64(p) }
        sim.run()
        #expect(sim.decisions.count == 3 && sim.agreed)
        #expect(sim.decisions.values.allSatisfy { $0.1.round >= 1 })
    }

    @Test("a value prepared in round 0 whose commits were all lost is re-proposed and decided in a later round")
    func lockedValue() throws {
        var sim = IBFTSimulation(validators: validators, values: values)
        let v0 = values[sim.nodes[0].proposer(of: 0)]
        sim.drop = { $0.kind == .commit && $0.round == 0 }
        sim.run()
        #expect(sim.decisions.count == 4 && sim.agreed)
        #expect(sim.decisions.values.allSatisfy { $0.0 == v0 && $0.1.round >= 1 })
    }

    @Test("20% message loss over 10 seeds: whoever decides agrees (safety), and most runs decide")
    func lossy() throws {
        var decidedRuns = 0
        for seed in 1...10 {
            var sim = IBFTSimulation(validators: validators, values: values)
            sim.dropRate = 0.2
            sim.rng = SeededGenerator(seed: UInt64(seed))
            sim.run()
            #expect(sim.agreed, "seed \(seed)")
            if !sim.decisions.isEmpty { decidedRuns += 1 }
        }
        #expect(decidedRuns >= 7)
    }

    @Test("a round leader with nothing prepared proposes its value for that round (a header names its round)")
    func perRoundProposal() throws {
        let proposal: @Sendable (Int, UInt64) -> Hash32 = { i, r in BLAKE3.hash([UInt8(i), UInt8(r)]) }
        var sim = IBFTSimulation(validators: validators, proposal: proposal)
        let p0 = sim.nodes[0].proposer(of: 0)
        sim.crashed = [p0]
        sim.queue.removeAll { $0.1.sender == UInt64(p0) }
        sim.run()
        #expect(sim.decisions.count == 3 && sim.agreed)
        let (value, commit) = try #require(sim.decisions.values.first)
        let leader = sim.nodes[0].proposer(of: commit.round)
        #expect(value == proposal(leader, commit.round))
    }

    /// A signed ROUND-CHANGE for `round` with nothing prepared.
    func roundChange(from i: Int, round: UInt64) -> ConsensusMessage {
        ConsensusMessage(
            kind: .roundChange, chainID: "bpi", height: 7, round: round, sender: UInt64(i), value: .zero,
            payload: RoundChangeJustification.Payload(preparedRound: nil, prepares: []).encoded, signer: validators.identities[i])
    }

    func instance(_ me: Int, store: InMemorySignStateStore = InMemorySignStateStore()) -> IBFTInstance {
        var node = IBFTInstance(
            chainID: "bpi", height: 7, set: validators.set, seed: [9], me: me, identity: validators.identities[me],
            blsKey: validators.bls[me], signState: store)
        _ = node.start(proposing: values[me])
        return node
    }

    @Test("round changes for later rounds from more than a third of the power pull a validator to the lowest of them")
    func joinsLaterRoundOnWeakCertificate() {
        var node = instance(0)
        _ = node.receive(roundChange(from: 1, round: 5))
        #expect(node.round == 0, "one of four validators is not more than a third")
        let out = node.receive(roundChange(from: 2, round: 3))
        #expect(node.round == 3)
        #expect(
            out.contains {
                if case .broadcast(let m) = $0 { return m.kind == .roundChange && m.round == 3 && m.sender == 0 }
                return false
            })
    }

    @Test("a justified PRE-PREPARE for a later round moves a validator there and it prepares")
    func followsJustifiedLaterProposal() throws {
        let set = validators.set
        let leader = ProposerSelection.proposer(seed: [9], height: 7, round: 1, set: set)
        let me = (leader + 1) % 4
        var node = instance(me)
        let changes = (0..<4).filter { $0 != me }.map { roundChange(from: $0, round: 1) }
        let justification = try CBOREncoder.encode(.array(changes.map(\.cbor)))
        let value = BLAKE3.hash([42])
        let proposal = ConsensusMessage(
            kind: .prePrepare, chainID: "bpi", height: 7, round: 1, sender: UInt64(leader), value: value, payload: justification,
            signer: validators.identities[leader])
        let out = node.receive(proposal)
        #expect(node.round == 1)
        #expect(
            out.contains {
                if case .broadcast(let m) = $0 { return m.kind == .prepare && m.round == 1 && m.value == value }
                return false
            })
        // Without the justification it is ignored.
        var other = instance(me)
        let bare = ConsensusMessage(
            kind: .prePrepare, chainID: "bpi", height: 7, round: 1, sender: UInt64(leader), value: value, payload: [],
            signer: validators.identities[leader])
        #expect(other.receive(bare).isEmpty && other.round == 0)
    }

    /// A COMMIT from validator `i` whose seal signs `round` (or, when `forged`, another value).
    func commit(from i: Int, value: Hash32, forged: Bool = false) -> ConsensusMessage {
        let signed = forged ? BLAKE3.hash(value.bytes) : value
        let seal = validators.bls[i].sign(Commit.signedMessage(chainID: "bpi", height: 7, round: 0, headerHash: signed))
        return ConsensusMessage(
            kind: .commit, chainID: "bpi", height: 7, round: 0, sender: UInt64(i), value: value, payload: seal.compressed,
            signer: validators.identities[i])
    }

    @Test("a forged seal in a quorum of commits fails the aggregate check, is dropped, and the decision waits for a valid quorum")
    func forgedCommitSeal() throws {
        var node = instance(0)
        let value = BLAKE3.hash([7])
        #expect(node.receive(commit(from: 1, value: value, forged: true)).isEmpty)
        #expect(node.receive(commit(from: 2, value: value)).isEmpty)
        #expect(node.receive(commit(from: 3, value: value)).isEmpty, "a quorum that includes a forged seal must not decide")
        #expect(node.decision == nil)
        let out = node.receive(commit(from: 0, value: value))
        guard case .decided(let decided, let certificate)? = out.last else {
            Issue.record("no decision after a valid quorum: \(out)")
            return
        }
        #expect(decided == value)
        #expect(try certificate.signers.signers(count: 4) == [0, 2, 3])
        let keys = try validators.set.blsPublicKeys()
        #expect(
            BLS.fastAggregateVerify(
                publicKeys: [keys[0], keys[2], keys[3]],
                message: Commit.signedMessage(chainID: "bpi", height: 7, round: 0, headerHash: value),
                signature: try BLSSignature(compressed: certificate.aggregateSignature)))
    }

    @Test("only a validator's first commit in a round counts: its conflicting second one is ignored")
    func firstVoteCounts() throws {
        var node = instance(0)
        let a = BLAKE3.hash([1])
        let b = BLAKE3.hash([2])
        #expect(node.receive(commit(from: 1, value: b)).isEmpty)
        #expect(node.receive(commit(from: 1, value: a)).isEmpty)
        #expect(node.receive(commit(from: 2, value: a)).isEmpty)
        #expect(node.receive(commit(from: 3, value: a)).isEmpty, "validator 1's second commit must not count")
        guard case .decided(_, let certificate)? = node.receive(commit(from: 0, value: a)).last else {
            Issue.record("no decision")
            return
        }
        #expect(try certificate.signers.signers(count: 4) == [0, 2, 3])
    }

    @Test("messages for rounds more than 64 ahead are ignored")
    func roundsFarAheadIgnored() {
        var node = instance(0)
        _ = node.receive(roundChange(from: 1, round: 65))
        _ = node.receive(roundChange(from: 2, round: 65))
        #expect(node.round == 0)
        _ = node.receive(roundChange(from: 1, round: 64))
        _ = node.receive(roundChange(from: 2, round: 64))
        #expect(node.round == 64)
    }

    /// A signed PREPARE.
    func prepare(from i: Int, value: Hash32, round: UInt64 = 0) -> ConsensusMessage {
        ConsensusMessage(
            kind: .prepare, chainID: "bpi", height: 7, round: round, sender: UInt64(i), value: value, payload: [],
            signer: validators.identities[i])
    }

    @Test("a lock kept in the sign state is restored after a restart and reported by the next round change")
    func restoredCertificate() throws {
        let value = BLAKE3.hash([5])
        let store = InMemorySignStateStore()
        let certificate = PreparedCertificate(
            round: 0, value: value, prepares: [3, 0, 2].map { prepare(from: $0, value: value) })
        let commit = ConsensusMessage(
            kind: .commit, chainID: "bpi", height: 7, round: 0, sender: 1, value: value, payload: [],
            signer: validators.identities[1])
        #expect(try store.record(commit, round: 0, prepared: certificate) == .fresh)
        var node = instance(1, store: store)
        #expect(node.preparedCertificate == certificate)
        #expect(certificate.prepares.map(\.sender) == [0, 2, 3], "a certificate is kept in canonical (sender) order")
        let out = node.timeout(round: 0)
        let change = try #require(
            out.compactMap { output -> ConsensusMessage? in
                if case .broadcast(let m) = output, m.kind == .roundChange { return m }
                return nil
            }.first)
        #expect(change.value == value)
        let payload = try RoundChangeJustification.Payload(encoded: change.payload)
        #expect(payload.preparedRound == 0 && payload.prepares == certificate.prepares)
    }

    @Test("a stored lock that is not a quorum of valid PREPAREs halts the instance at start")
    func invalidStoredLockHalts() throws {
        let value = BLAKE3.hash([5])
        let store = InMemorySignStateStore()
        let weak = PreparedCertificate(round: 0, value: value, prepares: [0, 2].map { prepare(from: $0, value: value) })
        let commit = ConsensusMessage(
            kind: .commit, chainID: "bpi", height: 7, round: 0, sender: 1, value: value, payload: [],
            signer: validators.identities[1])
        _ = try store.record(commit, round: 0, prepared: weak)
        var node = IBFTInstance(
            chainID: "bpi", height: 7, set: validators.set, seed: [9], me: 1, identity: validators.identities[1],
            blsKey: validators.bls[1], signState: store)
        let out = node.start(proposing: value)
        #expect(node.halted != nil)
        #expect(out.contains { if case .halt = $0 { return true } else { return false } })
        #expect(node.timeout(round: 0).isEmpty && node.receive(prepare(from: 0, value: value)).isEmpty)
    }
}
