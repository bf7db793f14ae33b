import BPIBLS
import BPICodec
import BPIConsensus
import BPICrypto
import BPIFrames
import BPIHash
import BPILightClientTool
import BPIPoH
import BPIRules
import BPIToolKit
import BPITypes

/// A fault `bpi testchain generate --fault KIND@HEIGHT` injects; the light client must name it.
public enum TestChainFault: String, CaseIterable, Sendable {
    case badPrevHash = "bad-prev-hash"
    case tamperedHeader = "tampered-header"
    case belowQuorum = "below-quorum"
    case badBitmap = "bad-bitmap"
    case badSignature = "bad-signature"
    case badSetHash = "bad-set-hash"
    case wrongProposer = "wrong-proposer"
    case badRotation = "bad-rotation"
    case badEvidence = "bad-evidence"
    case badFrameRoot = "bad-frame-root"
    case badPoHTick = "bad-poh-tick"
    case pohReordered = "poh-reordered"
    case ncGap = "nc-gap"

    /// Parses `KIND@HEIGHT`.
    public static func parse(_ text: String) throws(ToolError) -> (TestChainFault, UInt64) {
        let parts = text.split(separator: "@")
        guard parts.count == 2, let kind = TestChainFault(rawValue: String(parts[0])), let height = UInt64(parts[1]), height >= 1
        else {
            throw .badInput(
                "--fault must be KIND@HEIGHT with KIND one of \(allCases.map(\.rawValue).joined(separator: ", ")); got \(text)")
        }
        return (kind, height)
    }
}

/// Builds valid (or deliberately faulty) chains signed by simulated validators, for tests and
/// benchmarks of the light client. Deterministic for a given seed.
public enum TestChain {
    /// A simulated validator's keys.
    struct Validator {
        let identity: Ed25519PrivateKey
        let bls: BLSSecretKey
        let vrf: ECVRF.SecretKey
        let info: ValidatorInfo
        /// The Ed25519 seed behind `identity` (its validator service signs with it).
        let identitySeed: [UInt8]

        init(seed: UInt64, index: Int, generation: Int) {
            func material(_ kind: String) -> [UInt8] {
                let input = "\(seed)/\(index)/\(generation)"
                return BLAKE3.deriveKey(context: "metanode testchain v1 \(kind)", material: Array(input.utf8))
            }
            identitySeed = material("ed25519")
            identity = try! Ed25519PrivateKey(seed: identitySeed)
            bls = try! BLSSecretKey(keyMaterial: material("bls"))
            vrf = try! ECVRF.SecretKey(seed: material("vrf"))
            info = ValidatorInfo(
                identityKey: identity.publicKey.bytes, blsKey: bls.publicKey.compressed,
                blsProofOfPossession: bls.proveProofOfPossession().compressed,
                vrfKey: vrf.publicKey, votingPower: 10, metadata: "validator-\(index)-g\(generation)")
        }
    }

    /// Options of one generated chain.
    public struct Options: Sendable {
        public var validators: Int
        public var headers: Int
        public var rotateEvery: Int?
        public var faults: [(TestChainFault, UInt64)]
        public var seed: UInt64
        public var chainID: String
        /// Heights whose headers carry equivocation evidence against a validator.
        public var evidenceAt: [UInt64]
        /// Heights whose header (proposed in round 0) was committed in round 1, as after a re-proposal.
        public var reproposedAt: [UInt64] = []
        /// The chain's Proof-of-History parameters (in its genesis).
        public var poh = PoHParameters.standard
        /// The genesis time (Unix milliseconds); header h is made 250·h ms later.
        public var genesisTime: UInt64 = 1_700_000_000_000
        /// Frames per block, from a few simulated services to each other (0…1,024).
        public var framesPerBlock: Int
        /// A fork (`generateFork`): from this height a second, validly committed branch exists.
        public var forkAt: UInt64?
        /// How many validators (indices 0…K-1) collude to sign both branches; the others are
        /// split between the branches, each side just enough for a quorum.
        public var byzantine = 0
        /// Frames appended to a height's block after the simulated traffic (`TestChainEvidence`'s
        /// lists, key shares and DA frames).
        var extraFrames: [UInt64: [Frame]] = [:]

        /// Creates options.
        public init(
            validators: Int, headers: Int, rotateEvery: Int? = nil, faults: [(TestChainFault, UInt64)] = [], seed: UInt64 = 1,
            chainID: String = "bpi-testchain", evidenceAt: [UInt64] = [], framesPerBlock: Int = 0
        ) {
            self.framesPerBlock = framesPerBlock
            self.validators = validators
            self.headers = headers
            self.rotateEvery = rotateEvery
            self.faults = faults
            self.seed = seed
            self.chainID = chainID
            self.evidenceAt = evidenceAt
        }
    }

    /// Simulated validator `index`'s identity key (first generation), for tests that sign as it.
    public static func validatorIdentity(seed: UInt64, index: Int) -> Ed25519PrivateKey {
        Validator(seed: seed, index: index, generation: 0).identity
    }

    /// Simulated service `index`'s keys (deterministic for a seed).
    static func service(seed: UInt64, index: Int, chainID: String) -> ServiceIdentity {
        func material(_ kind: String) -> [UInt8] {
            BLAKE3.deriveKey(context: "metanode testchain v1 service \(kind)", material: Array("\(seed)/\(index)".utf8))
        }
        let name = try! ServiceName("spiffe://bpi-testchain/svc/\(index)")
        return try! ServiceIdentity(name: name, signingSeed: material("ed25519"), sessionSecret: material("x25519"))
    }

    /// Which branch of a forked chain is being built.
    enum Branch { case honest, fork }

    /// Generates genesis and the chain; `progress` gets the height every 100 headers.
    public static func generate(_ o: Options, progress: (Int) -> Void = { _ in }) throws(ToolError) -> (Genesis, ChainFile) {
        try generate(o, branch: .honest, progress: progress)
    }

    /// Generates genesis, the honest chain and, from `forkAt`, a second branch (docs/SPEC.md
    /// §18.8). Up to `forkAt - 1` the two are the same; from `forkAt` on, the `byzantine`
    /// colluding validators sign both, and the honest ones are split so that each branch has a
    /// quorum: possible only when the colluders hold more than a third of the power.
    public static func generateFork(_ o: Options, progress: (Int) -> Void = { _ in }) throws(ToolError)
        -> (genesis: Genesis, honest: ChainFile, fork: ChainFile)
    {
        guard let at = o.forkAt, at >= 1, at <= UInt64(o.headers) else {
            throw .badInput("--fork-at must be a height 1…\(o.headers) of the chain")
        }
        _ = try forkSigners(validators: o.validators, byzantine: o.byzantine)
        let (genesis, honest) = try generate(o, branch: .honest, progress: progress)
        let (_, fork) = try generate(o, branch: .fork, progress: progress)
        return (genesis, honest, fork)
    }

    /// The signers of each branch after the fork: the colluders plus just enough honest validators
    /// for a quorum on the fork branch; the colluders plus the remaining honest ones on the honest branch.
    static func forkSigners(validators n: Int, byzantine k: Int) throws(ToolError) -> (honest: [Int], fork: [Int]) {
        guard (1...n).contains(k) else { throw .badInput("--byzantine must be 1…\(n) (the colluding validators)") }
        func quorum(_ count: Int) -> Bool { 3 * count > 2 * n }
        let others = Array(k..<n)
        let needed = (0...others.count).first { quorum(k + $0) } ?? others.count
        let fork = Array(0..<k) + others.prefix(needed)
        let honest = Array(0..<k) + others.dropFirst(needed)
        guard quorum(fork.count), quorum(honest.count) else {
            throw .badInput(
                "--byzantine \(k) of \(n): two quorums (each more than two thirds) share more than a third of the "
                    + "validators, so a validly committed fork needs more than \(n / 3) colluding; \(k) is not enough")
        }
        return (honest, fork)
    }

    /// The honest chain's anchors every `every` heights, as confirmed anchors of a synthetic L1
    /// (`--anchors-out`): what `lc-verify --anchors` judges a branch against.
    public static func anchors(of chain: ChainFile, chainID: String, every: Int) -> AnchorFile {
        let entries = chain.entries.filter { every > 0 && $0.header.height % UInt64(every) == 0 }.map { entry in
            let h = entry.header.height
            func synthetic(_ what: String) -> String {
                "0x"
                    + Hex.encode(
                        BLAKE3.deriveKey(context: "metanode testchain v1 synthetic l1", material: Array("\(what)/\(h)".utf8)))
            }
            return AnchorFile.Entry(
                height: h, headerHash: entry.header.hash.hex, validatorSetHash: entry.header.validatorSetHash.hex,
                l1: "synthetic-l1 (bpi testchain)", l1ChainID: 0, contract: "0x" + String(repeating: "00", count: 20),
                poster: "0x" + String(repeating: "00", count: 19) + "01", l1Block: h, l1BlockHash: synthetic("block"),
                transaction: synthetic("transaction"), depth: 12)
        }
        return AnchorFile(chainID: chainID, anchors: entries)
    }

    static func generate(_ o: Options, branch: Branch, progress: (Int) -> Void) throws(ToolError) -> (Genesis, ChainFile) {
        guard (1...1_000).contains(o.validators) else { throw .badInput("--validators must be 1…1000") }
        guard (1...100_000).contains(o.headers) else { throw .badInput("--headers must be 1…100000") }
        guard (0...Block.maxFrames).contains(o.framesPerBlock) else {
            throw .badInput("--frames-per-block must be 0…\(Block.maxFrames)")
        }
        if let k = o.rotateEvery, k < 1 { throw .badInput("--rotate-every must be at least 1") }
        for (_, h) in o.faults where h > UInt64(o.headers) {
            throw .badInput("fault height \(h) is beyond --headers \(o.headers)")
        }
        for h in o.evidenceAt where h < 1 || h > UInt64(o.headers) {
            throw .badInput("--evidence-at \(h) is not a height 1…\(o.headers) of the chain")
        }
        func fault(_ kind: TestChainFault, _ h: UInt64) -> Bool { o.faults.contains { $0.0 == kind && $0.1 == h } }
        // Simulated services sending frames to each other (the light client checks their
        // envelopes, nonce chains and ticks, not their payloads or signatures' keys).
        var senders = (0..<4).map { i in
            FrameSender(identity: Self.service(seed: o.seed, index: i, chainID: o.chainID))
        }
        var lastTick = TickRef(height: 0, tickIndex: 0, tickHash: .zero)

        var members = (0..<o.validators).map { Validator(seed: o.seed, index: $0, generation: 0) }
        var set = try! ValidatorSet(members.map(\.info))
        var setHash = set.hash
        if let problem = o.poh.problem { throw .badInput("--hashes-per-tick/--ticks-per-block: \(problem)") }
        let genesis = Genesis(chainID: o.chainID, genesisTime: o.genesisTime, validatorSet: set, poh: o.poh)
        var previousHash = genesis.hash
        var seed = genesis.hash.bytes
        var generation = 0
        var entries: [ChainEntry] = []
        let n = o.validators
        // The signers of each branch past the fork, the same at every forked height.
        let forkSides = try o.forkAt.flatMap { (at: UInt64) throws(ToolError) in
            at <= UInt64(o.headers) ? try forkSigners(validators: n, byzantine: o.byzantine) : nil
        }
        for hi in 1...o.headers {
            let h = UInt64(hi)
            var proposer = ProposerSelection.proposer(seed: seed, height: h, round: 0, set: set)
            if fault(.wrongProposer, h) { proposer = (proposer + 1) % n }
            let alpha = ProposerSelection.vrfInput(chainID: o.chainID, height: h, previousSeed: seed)
            let proof = ECVRF.prove(members[proposer].vrf, alpha: alpha)
            let beta = try! ECVRF.proofToHash(proof)

            let rotates = (o.rotateEvery.map { hi % $0 == 0 && hi < o.headers } ?? false) || fault(.badRotation, h)
            var nextMembers = members
            if rotates {
                generation += 1
                let replaced = (generation - 1) % n
                nextMembers[replaced] = Validator(seed: o.seed, index: replaced, generation: generation)
            }
            // The set and its Merkle hash change only at rotations.
            let nextSet = rotates ? try! ValidatorSet(nextMembers.map(\.info)) : set
            let nextSetHash = rotates ? nextSet.hash : setHash
            var evidence: [EquivocationEvidence] = []
            if o.evidenceAt.contains(h) || fault(.badEvidence, h) {
                // Validator 0 signed two different prepares at height h - 1, round 0.
                let offender = members[0].identity
                let first = ConsensusMessage(
                    kind: .prepare, chainID: o.chainID, height: h - 1, round: 0, sender: 0, value: BLAKE3.hash([1]), payload: [],
                    signer: offender)
                var second = ConsensusMessage(
                    kind: .prepare, chainID: o.chainID, height: h - 1, round: 0, sender: 0, value: BLAKE3.hash([2]), payload: [],
                    signer: offender)
                if fault(.badEvidence, h) { second.signature[0] ^= 1 }
                evidence = [EquivocationEvidence(first: first, second: second)]
            }
            // Frames (a fault that needs frames gets at least two) and the tick list mixing in their chain values.
            let frameCount = max(o.framesPerBlock, [.badFrameRoot, .pohReordered, .ncGap].contains { fault($0, h) } ? 2 : 0)
            var frames: [Frame] = []
            for k in 0..<frameCount {
                let from = k % senders.count
                let to = senders[(from + 1) % senders.count].identity.id
                if k == frameCount - 1 && fault(.ncGap, h) {
                    // The sender skips a frame: its chain has a gap.
                    _ = senders[from].frame(to: to, kind: .data, payload: [0], tick: lastTick)
                }
                frames.append(senders[from].frame(to: to, kind: .data, payload: Array("frame \(h)/\(k)".utf8), tick: lastTick))
            }
            frames += o.extraFrames[h] ?? []
            let events = frames.map { NonceChain.value(after: $0) }
            var poh = BlockPoH.record(
                seed: seed, events: fault(.pohReordered, h) ? events.reversed() : events, parameters: o.poh)
            if fault(.badPoHTick, h) {
                // The last tick's end is wrong; the list still joins up, so only its replay can tell.
                poh[poh.count - 1].end = BLAKE3.hash(Array("wrong tick".utf8))
            }
            let framesRoot = Block.framesRoot(frames)
            var envelopes = frames.map(\.envelope)
            if fault(.badFrameRoot, h) { envelopes[0].payloadHash = BLAKE3.hash(Array("another payload".utf8)) }
            lastTick = TickRef(height: h, tickIndex: UInt64(poh.count - 1), tickHash: poh[poh.count - 1].end)
            let forked = o.forkAt.map { h >= $0 } ?? false
            var header = Header(
                chainID: o.chainID, height: h, round: 0,
                timestamp: genesis.genesisTime + 250 * h + (forked && branch == .fork ? 1 : 0),
                prevHash: fault(.badPrevHash, h) ? BLAKE3.hash(Array("wrong".utf8)) : previousHash,
                proposerIndex: UInt64(proposer),
                vrfProof: proof, vrfOutput: beta,
                validatorSetHash: fault(.badSetHash, h) ? BLAKE3.hash(Array("wrong set".utf8)) : setHash,
                nextValidatorSetHash: nextSetHash, framesRoot: framesRoot, pohRoot: PoHRecord.root(poh),
                evidenceRoot: Merkle.root(leaves: evidence.map { $0.canonicalBytes() }))
            let headerHash = header.hash

            // All but one validator sign (n ≥ 4), or just under a quorum for the below-quorum fault.
            var signers = Array(0..<n)
            if fault(.belowQuorum, h) {
                signers = Array(0..<(2 * n / 3))
            } else if forked, let sides = forkSides {
                signers = branch == .fork ? sides.fork : sides.honest
            } else if n >= 4 {
                signers.remove(at: hi % n)
            }
            let commitRound: UInt64 = o.reproposedAt.contains(h) ? 1 : 0
            let signedRound: UInt64 = fault(.badSignature, h) ? commitRound + 1 : commitRound
            let message = Commit.signedMessage(chainID: o.chainID, height: h, round: signedRound, headerHash: headerHash)
            let aggregate =
                BLSSecretKey.sum(signers.map { members[$0].bls })?.sign(message).compressed ?? G1Point.infinity.compressed
            var bitmap = SignerBitmap(signers: signers, count: n).bytes
            if fault(.badBitmap, h) {
                if n % 8 == 0 { bitmap.append(1) } else { bitmap[bitmap.count - 1] |= 1 << UInt8(n % 8) }
            }
            let commit = Commit(
                headerHash: headerHash, height: h, round: commitRound, signers: SignerBitmap(bytes: bitmap),
                aggregateSignature: aggregate)
            if fault(.tamperedHeader, h) { header.timestamp += 1 }

            var carried: ValidatorSet? = rotates ? nextSet : nil
            if rotates && fault(.badRotation, h) {
                var altered = nextMembers.map(\.info)
                altered[0].metadata += " (altered)"
                carried = try! ValidatorSet(altered)
            }
            entries.append(
                ChainEntry(
                    header: header, commit: commit, nextValidatorSet: carried, evidence: evidence, poh: poh, frames: envelopes))
            previousHash = header.hash
            seed = beta
            members = nextMembers
            set = nextSet
            setHash = nextSetHash
            if hi % 100 == 0 { progress(hi) }
        }
        return (genesis, ChainFile(entries: entries))
    }
}
