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
    /// Height 1's tick list for each way of answering the obligation: clock ticks from the genesis
    /// seed with the nonce-chain values of the block's frames mixed in.
    private let ticks: [InclusionPlay: [PoHRecord]]
    /// The frame an inclusion list of "height 0" names (docs/SPEC.md §17.2): height 1 must carry
    /// it. Valid at the end of any height-1 block, so no reject ground holds for it.
    let listedFrame: Frame
    /// A frame of a second, conflicting list (what an equivocating list author claims instead).
    let otherListFrame: Frame
    /// Height 1's threshold encryption: the epoch key, the encrypted frames every block carries
    /// after the listed one, and the key shares that reveal them once height 1 is final.
    let keyEpoch: SimulatedKeyEpoch
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
        let service = try! Ed25519PrivateKey(seed: material("service", 0))
        func frame(_ text: String) -> Frame {
            let source = BLAKE3.hash(service.publicKey.bytes)
            let header = FrameHeader(
                source: source, destination: source, nonce: 1, ncPrev: NonceChain.genesis(service: source),
                tick: TickRef(height: 0, tickIndex: 0, tickHash: genesis.hash), kind: .data)
            return Frame(header: header, sealedPayload: Array(text.utf8), signer: service)
        }
        listedFrame = frame("listed")
        otherListFrame = frame("listed otherwise")
        var tip = ChainTip(genesis: genesis)
        tip.obligations = [listedFrame.id]
        self.genesis = genesis
        self.tip = tip
        let keyEpoch = SimulatedKeyEpoch(
            identities: identities, genesis: genesis,
            service: try! Ed25519PrivateKey(seed: material("service", 1)), material: material)
        self.keyEpoch = keyEpoch
        let (listed, other) = (listedFrame, otherListFrame)
        ticks = Dictionary(
            uniqueKeysWithValues: InclusionPlay.allCases.map { play in
                let frames = Self.frames(play, listed: listed, other: other, encrypted: keyEpoch.frames)
                return (play, BlockPoH.record(seed: tip.seed, events: frames.map { NonceChain.value(after: $0) }))
            })
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
        forgedDARoot: Bool = false, forgedNextSet: Bool = false, inclusion: InclusionPlay = .honest
    ) -> Block {
        let named = namedProposer ?? proposer
        let frames = Self.frames(inclusion, listed: listedFrame, other: otherListFrame, encrypted: keyEpoch.frames)
        let entries: [InclusionEntry]
        switch inclusion {
        case .honest: entries = [InclusionEntry(frameID: listedFrame.id, outcome: .included)]
        case .censored: entries = [InclusionEntry(frameID: listedFrame.id, outcome: .invalid)]
        case .otherList: entries = [InclusionEntry(frameID: otherListFrame.id, outcome: .included)]
        }
        let poh = ticks[inclusion]!
        let header = Header(
            chainID: Self.chainID, height: 1, round: namedRound ?? round, timestamp: genesis.genesisTime + 1 + variant,
            prevHash: tip.hash, proposerIndex: UInt64(named), vrfProof: vrfProofs[proposer].proof,
            vrfOutput: vrfProofs[proposer].output, validatorSetHash: tip.set.hash,
            nextValidatorSetHash: forgedNextSet ? Self.takeover(of: tip.set, by: proposer).hash : tip.set.hash,
            framesRoot: Block.framesRoot(frames), inclusionRoot: InclusionEntry.root(entries), pohRoot: PoHRecord.root(poh),
            daRoot: forgedDARoot ? Self.forgedDARoot : Header.emptyRoot)
        return Block(header: header, frames: frames, poh: poh, inclusion: entries)
    }

    /// A block's frames: the listed one (or the other list's, or none), then the encrypted ones.
    private static func frames(_ play: InclusionPlay, listed: Frame, other: Frame, encrypted: [Frame]) -> [Frame] {
        switch play {
        case .honest: [listed] + encrypted
        case .censored: encrypted
        case .otherList: [other] + encrypted
        }
    }

    /// What a proposal does with height 1's obligation.
    enum InclusionPlay: CaseIterable {
        /// Carries the listed frame.
        case honest
        /// Leaves it out, claiming a reject ground (`invalid`) that does not hold.
        case censored
        /// Answers another list's frame instead (an equivocating list author's other list).
        case otherList
    }

    /// `set` with validator `index` holding nearly all the power: what a set forger names next.
    static func takeover(of set: ValidatorSet, by index: Int) -> ValidatorSet {
        var validators = set.validators
        validators[index].votingPower = 1 << 40
        return try! ValidatorSet(validators)
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
        let verdict =
            BlockValidity.invalidity(of: block, on: tip, now: genesis.genesisTime + 10, bugs: bugs)
            ?? (bugs.contains(.ignoreInclusionList) ? nil : Self.falseGround(in: block))
        lock.withLock { validity[hash, default: [:]][bugs.rawValue] = verdict }
        return verdict
    }

    /// The frame ledger's half of the inclusion rule here (docs/SPEC.md §17.2): every frame the
    /// simulated lists name is valid at the end of any height-1 block, so only `block-full` (which
    /// `InclusionRule` checks) can excuse leaving one out.
    static func falseGround(in block: Block) -> String? {
        guard let entry = block.inclusion.first(where: { $0.outcome.isReject && $0.outcome != .blockFull }) else { return nil }
        return
            "inclusion: listed frame \(entry.frameID) is marked \(entry.outcome), which does not hold: it is valid at the end of the block"
    }

    /// Why `block` breaks the inclusion rule (the property the harness checks), or nil.
    func inclusionViolation(of block: Block) -> String? {
        InclusionRule.invalidity(of: block, obligations: tip.obligations) ?? Self.falseGround(in: block)
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
