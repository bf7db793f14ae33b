import BPIBLS
import BPICodec
import BPIConsensus
import BPICrypto
import BPIFrames
import BPIHash
import BPILightClient
import BPIRules
import BPIThreshold
import BPIToolKit
import BPITypes

/// A generated chain with one item of every portable evidence kind against it (docs/SPEC.md
/// §18.9): what `bpi testchain generate --evidence-out` writes, and what the Swift verifier and
/// the standalone Python verifier are checked on, kind by kind. The chain carries the frames
/// the evidence points into — an inclusion list, two lists of one author, an epoch key and a
/// forged key share, a da-commit and its challenge — signed by the simulated validators' and
/// services' keys, so every item verifies from the genesis and the chain alone:
///
/// | kind | offence | against |
/// |---|---|---|
/// | missed-inclusion | at height 4 a round-1 proposal leaves out the frame block 3's list names | that round's proposer |
/// | list-equivocation | block 5 carries two lists of one author | validator 1 |
/// | bad-key-share | block 6 carries a key share for height 5 that fails the epoch key validator 3 put in block 1 | validator 2 (participant 3) |
/// | equivocation | two PREPAREs for height 7, round 0 | validator 3 |
/// | fork | a second commit for another header at height 8 | every validator that signed both |
/// | da-fault | a shard challenged at height 3 and never answered, due at 67 | the storer service |
public enum TestChainEvidence {
    /// The fewest headers the scenario needs (the DA fault is carried at challenge + 64 + 1).
    public static let minimumHeaders = Int(challengeAt + DAChallenge.answerWindow + 1)

    static let commitAt: UInt64 = 2
    static let epochKeyAt: UInt64 = 1
    static let challengeAt: UInt64 = 3
    static let listAt: UInt64 = 3
    static let missedAt: UInt64 = 4
    static let listEquivocationAt: UInt64 = 5
    static let keyShareAt: UInt64 = 6
    static let equivocationAt: UInt64 = 7
    static let forkAt: UInt64 = 8

    /// The genesis, the chain, and one envelope of each kind, in `EvidenceKind` order.
    public static func generate(_ options: TestChain.Options) throws(ToolError) -> (Genesis, ChainFile, [EvidenceEnvelope]) {
        var o = options
        guard o.validators >= 4 else { throw .badInput("--evidence-out needs at least 4 validators") }
        guard o.headers >= minimumHeaders else {
            throw .badInput(
                "--evidence-out needs at least \(minimumHeaders) headers (a DA fault is due 64 heights after its challenge)")
        }
        guard o.rotateEvery == nil, o.faults.isEmpty, o.forkAt == nil, o.evidenceAt.isEmpty else {
            throw .badInput(
                "--evidence-out builds its own offences: leave out --rotate-every, --fault, --fork-at and --evidence-at")
        }
        let validators = (0..<o.validators).map { TestChain.Validator(seed: o.seed, index: $0, generation: 0) }
        func validatorService(_ i: Int) -> FrameSender {
            let name = ServiceName.validator(identityKey: validators[i].info.identityKey)
            let session = BLAKE3.deriveKey(
                context: "metanode testchain v1 validator session", material: validators[i].identitySeed)
            return FrameSender(
                identity: try! ServiceIdentity(name: name, signingSeed: validators[i].identitySeed, sessionSecret: session))
        }
        func service(_ i: Int) -> FrameSender {
            FrameSender(identity: TestChain.service(seed: o.seed, index: i, chainID: o.chainID))
        }
        // Every extra frame names the genesis tick, fresh for the first 64 heights.
        let tick = TickRef(height: 0, tickIndex: 0, tickHash: .zero)

        // Missed inclusion: a dissident's frame, listed by validator 0 in block 3, carried by block 4.
        var dissident = service(100)
        var storer = service(101)
        var challenger = service(102)
        let censored = dissident.frame(
            to: challenger.identity.id, kind: .data, payload: Array("censored leaflet".utf8), tick: tick)
        var lister = validatorService(0)
        let list = lister.inclusionList(InclusionList(madeAt: listAt - 1, frames: [censored]), tick: tick)
        // List equivocation: validator 1's two different lists for block 5.
        var equivocator = validatorService(1)
        let other = dissident.frame(to: storer.identity.id, kind: .data, payload: Array("second leaflet".utf8), tick: tick)
        let firstList = equivocator.inclusionList(InclusionList(madeAt: listEquivocationAt - 1, frames: [other]), tick: tick)
        let secondList = equivocator.inclusionList(
            InclusionList(madeAt: listEquivocationAt - 1, frames: [censored, other]), tick: tick)
        // A bad key share: validator 2 (participant 3) shares for height 5 under a scalar off by one.
        let t = ThresholdParameters.bftThreshold(n: o.validators)
        let polynomial = SecretPolynomial(
            coefficients: (0..<t).map { k in
                let bytes = BLAKE3.deriveKey(context: "metanode testchain v1 epoch key", material: Array("\(o.seed)/\(k)".utf8))
                return Fr(bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
            })
        let commitment = polynomial.commitment
        let epochKey = try! EpochPublicKey(
            threshold: t, masterKey: commitment.constant,
            shareKeys: (1...UInt32(o.validators)).map { commitment.evaluate(at: $0) })
        let identity = EncryptionIdentity.height(keyShareAt - 1, epoch: 1, chainID: o.chainID)
        let forged = EpochSecretShare(index: 3, scalar: polynomial.share(for: 3) + Fr(1)).keyShare(for: identity)
        var announcer = validatorService(3)
        let keyFrame = announcer.epochKey(EpochKeyMessage(keyEpoch: 1, participant: 4, key: epochKey), tick: tick)
        var sharer = validatorService(2)
        let keyShare = sharer.keyShare(KeyShareMessage(keyEpoch: 1, height: keyShareAt - 1, share: forged), tick: tick)
        // A DA fault: an object committed at height 2, one shard challenged at height 3, never answered.
        let object = try! DAObject(
            k: 2, n: 4, chunkSize: 256 << 10, size: 300_000, objectHash: BLAKE3.hash(Array("an object".utf8)),
            shardRoot: BLAKE3.hash(Array("its shards".utf8)))
        let daCommit = storer.daCommit(object, tick: tick)
        let challenge = DAChallenge(objectID: object.id, chunk: 1, shard: 2)
        let daChallenge = challenger.daChallenge(challenge, storer: storer.identity.id, tick: tick)

        o.extraFrames = [
            epochKeyAt: [keyFrame], commitAt: [daCommit], listAt: [list, daChallenge], missedAt: [censored],
            listEquivocationAt: [firstList, secondList], keyShareAt: [keyShare],
        ]
        let (genesis, chain) = try TestChain.generate(o)
        let entries = chain.entries
        func entry(_ h: UInt64) -> ChainEntry { entries[Int(h) - 1] }
        func inclusion(_ frame: Frame, at h: UInt64) -> FrameInclusion {
            let ids = entry(h).frames.map(\.id)
            let proof = try! MerkleTree(leafHashes: ids).proof(index: ids.firstIndex(of: frame.id)!)
            return FrameInclusion(envelope: frame.envelope, height: h, proof: proof)
        }
        var envelopes: [EvidenceEnvelope] = []
        func add(_ kind: EvidenceKind, _ height: UInt64, _ body: some CBORCodable) {
            envelopes.append(EvidenceEnvelope(kind: kind, chainID: o.chainID, height: height, body: body.canonicalBytes()))
        }

        // Equivocation.
        let offender = validators[3].identity
        let prepares = [BLAKE3.hash([1]), BLAKE3.hash([2])].map {
            ConsensusMessage(
                kind: .prepare, chainID: o.chainID, height: equivocationAt, round: 0, sender: 3, value: $0, payload: [],
                signer: offender)
        }
        add(.equivocation, equivocationAt, EquivocationEvidence(first: prepares[0], second: prepares[1]))

        // Missed inclusion: round 1's proposer offers block 4 without the listed frame, claiming its nonce was used.
        let decided = entry(missedAt)
        let seed = entry(missedAt - 1).header.vrfOutput
        let set = genesis.validatorSet
        let proposer = ProposerSelection.proposer(seed: seed, height: missedAt, round: 1, set: set)
        var proposal = decided.header
        proposal.round = 1
        proposal.proposerIndex = UInt64(proposer)
        proposal.vrfProof = ECVRF.prove(
            validators[proposer].vrf,
            alpha: ProposerSelection.vrfInput(chainID: o.chainID, height: missedAt, previousSeed: seed))
        proposal.vrfOutput = try! ECVRF.proofToHash(proposal.vrfProof)
        let carried = decided.frames.filter { $0.id != censored.id }
        let obligations = [InclusionEntry(frameID: censored.id, outcome: .nonceUsed)]
        proposal.framesRoot = Block.framesRoot(ids: carried.map(\.id))
        proposal.inclusionRoot = InclusionEntry.root(obligations)
        let prePrepare = ConsensusMessage(
            kind: .prePrepare, chainID: o.chainID, height: missedAt, round: 1, sender: UInt64(proposer), value: proposal.hash,
            payload: [], signer: validators[proposer].identity)
        add(
            .missedInclusion, missedAt,
            MissedInclusionEvidence(
                proposal: prePrepare, header: proposal, frames: carried, entries: obligations, list: list,
                listProof: inclusion(list, at: listAt).proof, decided: decided.frames, frameID: censored.id))

        // List equivocation.
        add(
            .listEquivocation, listEquivocationAt,
            ListEquivocationEvidence(
                height: listEquivocationAt, first: firstList, firstProof: inclusion(firstList, at: listEquivocationAt).proof,
                second: secondList, secondProof: inclusion(secondList, at: listEquivocationAt).proof))

        // DA fault, carried the height after its deadline.
        let fault = DAFaultEvidence(
            object: object, commit: inclusion(daCommit, at: commitAt), challenge: challenge,
            challengeFrame: inclusion(daChallenge, at: challengeAt))
        add(.dataAvailabilityFault, fault.deadline + 1, fault)

        // Bad key share, with the epoch-key frame that carries the key it fails.
        add(
            .badKeyShare, keyShareAt,
            BadKeyShareEvidence(
                frame: keyShare, height: keyShareAt, proof: inclusion(keyShare, at: keyShareAt).proof, keyFrame: keyFrame,
                keyHeight: epochKeyAt, keyProof: inclusion(keyFrame, at: epochKeyAt).proof))

        // Fork: a second header at height 8, committed by every validator but the one after the
        // finalized commit's absentee.
        let finalized = entry(forkAt)
        var rival = finalized.header
        rival.timestamp += 1
        let n = o.validators
        let signers = (0..<n).filter { $0 != (Int(forkAt) + 1) % n }
        let message = Commit.signedMessage(chainID: o.chainID, height: forkAt, round: 0, headerHash: rival.hash)
        let second = Commit(
            headerHash: rival.hash, height: forkAt, round: 0, signers: SignerBitmap(signers: signers, count: n),
            aggregateSignature: BLSSecretKey.sum(signers.map { validators[$0].bls })!.sign(message).compressed)
        add(.fork, forkAt, ForkEvidence(finalized.commit, second)!)

        envelopes.sort { $0.kind.rawValue < $1.kind.rawValue }
        return (genesis, chain, envelopes)
    }
}
