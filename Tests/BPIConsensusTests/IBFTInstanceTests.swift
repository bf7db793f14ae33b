import BPIBLS
import BPIConsensus
import BPICrypto
import BPIHash
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
    var crashed: Set<Int> = []
    var dropRate = 0.0
    var drop: (ConsensusMessage) -> Bool = { _ in false }
    var rng = SeededGenerator(seed: 1)
    var queue: [(Int, ConsensusMessage)] = []
    var timers: [(Int, UInt64)] = []
    var decisions: [Int: (Hash32, Commit)] = [:]

    init(validators: IBFTTestValidators, values: [Hash32]) {
        let set = validators.set
        nodes = (0..<4).map {
            IBFTInstance(
                chainID: "bpi", height: 7, set: set, seed: [9], me: $0, identity: validators.identities[$0],
                blsKey: validators.bls[$0])
        }
        for i in 0..<4 { apply(i, nodes[i].start(proposing: values[i])) }
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
}
