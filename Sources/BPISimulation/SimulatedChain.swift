import BPIBLS
import BPIConsensus
import BPICrypto
import BPIHash
import BPILightClient
import BPIPoH
@_spi(Simulation) import BPIRules
import BPITypes
import Foundation

/// The validators, genesis and candidate blocks of one simulated chain (height 1 of a fresh
/// chain; equal power). Keys derive from the validator index, so every schedule of a size uses
/// the same chain, and verdicts that depend only on a block or a commit — block validity, the
/// light-client check — are computed once per chain and shared by all schedules.
final class SimulatedChain: @unchecked Sendable {
    let identities: [Ed25519PrivateKey]
    let bls: [BLSSecretKey]
    let genesis: Genesis
    let tip: ChainTip
    private let vrfProofs: [(proof: [UInt8], output: [UInt8])]
    /// Height 1's tick list (no frames: clock ticks from the genesis seed) and its root.
    private let ticks: [PoHRecord]
    private let ticksRoot: Hash32
    private let lock = NSLock()
    private var validity: [Hash32: [UInt8: String?]] = [:]
    private var lightClientVerdicts: [[UInt8]: String?] = [:]

    /// Validator set size.
    var count: Int { identities.count }
    static let chainID = "bpi-sim"

    private static let cacheLock = NSLock()
    nonisolated(unsafe) private static var chains: [Int: SimulatedChain] = [:]

    /// The chain of `n` validators (built once per process).
    static func of(size n: Int) -> SimulatedChain {
        cacheLock.withLock {
            if let chain = chains[n] { return chain }
            let chain = SimulatedChain(validators: n)
            chains[n] = chain
            return chain
        }
    }

    private init(validators n: Int) {
        func material(_ kind: String, _ i: Int) -> [UInt8] {
            BLAKE3.deriveKey(context: "metanode simulator v1 \(kind)", material: Array("\(i)".utf8))
        }
        let identities = (0..<n).map { try! Ed25519PrivateKey(seed: material("ed25519", $0)) }
        let bls = (0..<n).map { try! BLSSecretKey(keyMaterial: material("bls", $0)) }
        self.identities = identities
        self.bls = bls
        let vrf = (0..<n).map { try! ECVRF.SecretKey(seed: material("vrf", $0)) }
        let infos = (0..<n).map { i in
            ValidatorInfo(
                identityKey: identities[i].publicKey.bytes, blsKey: bls[i].publicKey.compressed,
                blsProofOfPossession: bls[i].proveProofOfPossession().compressed, vrfKey: vrf[i].publicKey, votingPower: 1,
                metadata: "sim-\(i)")
        }
        let genesis = Genesis(chainID: Self.chainID, genesisTime: 1_000_000, validatorSet: try! ValidatorSet(infos))
        let tip = ChainTip(genesis: genesis)
        self.genesis = genesis
        self.tip = tip
        ticks = BlockPoH.record(seed: tip.seed, events: [])
        ticksRoot = PoHRecord.root(ticks)
        let alpha = ProposerSelection.vrfInput(chainID: Self.chainID, height: 1, previousSeed: tip.seed)
        vrfProofs = vrf.map { key in
            let proof = ECVRF.prove(key, alpha: alpha)
            return (proof, try! ECVRF.proofToHash(proof))
        }
    }

    /// The block validator `proposer` builds for `round`; `variant` > 0 gives a different block
    /// for the same slot (an equivocating or twin proposer), and `namedRound`/`namedProposer`
    /// let a Byzantine proposer name another round or proposer than it should.
    func block(
        proposer: Int, round: UInt64, variant: UInt64 = 0, namedRound: UInt64? = nil, namedProposer: Int? = nil,
        forgedDARoot: Bool = false
    ) -> Block {
        let named = namedProposer ?? proposer
        let header = Header(
            chainID: Self.chainID, height: 1, round: namedRound ?? round, timestamp: genesis.genesisTime + 1 + variant,
            prevHash: tip.hash, proposerIndex: UInt64(named), vrfProof: vrfProofs[proposer].proof,
            vrfOutput: vrfProofs[proposer].output, validatorSetHash: tip.set.hash, nextValidatorSetHash: tip.set.hash,
            pohRoot: ticksRoot, daRoot: forgedDARoot ? Self.forgedDARoot : Header.emptyRoot)
        return Block(header: header, poh: ticks)
    }

    /// A `daRoot` committing an object (1 MiB, RS(10, 16)) that no frame announces.
    static let forgedDARoot = Block.daRoot(objects: [
        try! DAObject(
            k: 10, n: 16, chunkSize: 256 << 10, size: 1 << 20, objectHash: BLAKE3.hash(Array("withheld".utf8)),
            shardRoot: BLAKE3.hash(Array("never announced".utf8)))
    ])

    /// `BlockValidity` of `block` on the genesis tip (the verdict does not depend on the
    /// schedule: simulated time stays within the 5 s clock-skew bound of every candidate), with
    /// `bugs` re-introduced (what validators apply) or without (what the properties check).
    func invalidity(of block: Block, bugs: InjectedBugs = []) -> String? {
        let hash = block.header.hash
        if let known = lock.withLock({ validity[hash]?[bugs.rawValue] }) { return known }
        let verdict = BlockValidity.invalidity(of: block, on: tip, now: genesis.genesisTime + 10, bugs: bugs)
        lock.withLock { validity[hash, default: [:]][bugs.rawValue] = verdict }
        return verdict
    }

    /// Why the light client refuses `block` decided with `commit`, or nil when it accepts it.
    func lightClientRefusal(of block: Block, commit: Commit) -> String? {
        let key = block.header.hash.bytes + commit.canonicalBytes()
        if let known = lock.withLock({ lightClientVerdicts[key] }) { return known }
        var verdict: String?
        do {
            var client = try LightClient(genesis: genesis)
            try client.verify(block.entry(commit: commit))
        } catch {
            verdict = "\(error)"
        }
        lock.withLock { lightClientVerdicts[key] = verdict }
        return verdict
    }
}
