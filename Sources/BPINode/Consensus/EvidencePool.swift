import BPIConsensus
import BPIFrames
import BPIHash
import BPIRules
import BPITypes

/// Equivocation seen on the wire, turned into evidence (SPEC §7.5): stored durably, counted, and
/// offered to this validator's next proposals until a finalized block carries it.
struct EvidencePool: Sendable {
    private var detector: EquivocationDetector
    private(set) var pending: [EquivocationEvidence] = []
    /// Missed-inclusion evidence (§17.3) not yet carried by a finalized block (in memory: lost
    /// with a restart, like the refused proposal it proves).
    private(set) var missed: [MissedInclusionEvidence] = []
    /// Evidence items recorded since the store was created.
    private(set) var count: Int

    /// A pool for `chainID`'s `set`, counting the `stored` items already in the store.
    init(chainID: String, set: ValidatorSet, stored: Int) {
        detector = EquivocationDetector(chainID: chainID, set: set)
        count = stored
    }

    /// The set changed (§19): equivocation is judged against the set that signs now; pending
    /// items stay (a block of the new set verifies each against its own set and drops none silently).
    mutating func rotate(chainID: String, set: ValidatorSet) { detector = EquivocationDetector(chainID: chainID, set: set) }

    /// Looks at a consensus message checked on receipt; returns new evidence, already stored in
    /// `store`, if `m` conflicts with an earlier message of its sender. A store failure is returned as an error
    /// (evidence is not a safety path: the validator logs it and goes on).
    mutating func observe(_ m: VerifiedMessage, store: BlockStore, seenAt height: UInt64) throws(BlockStoreError)
        -> EquivocationEvidence?
    {
        guard let evidence = detector.observe(m) else { return nil }
        guard try store.recordEvidence(evidence, seenAt: height) else { return nil }
        count += 1
        pending.append(evidence)
        return evidence
    }

    /// The evidence a proposal carries (at most 16 items).
    var forProposal: [EquivocationEvidence] { Array(pending.prefix(16)) }

    /// The missed-inclusion evidence a proposal at `height` carries: still recent enough, at most
    /// `Block.maxMissedInclusions`.
    func missedForProposal(at height: UInt64) -> [MissedInclusionEvidence] {
        Array(missed.filter { $0.refusal(carriedAt: height) == nil }.prefix(Block.maxMissedInclusions))
    }

    /// Turns a refused proposal that left out `frameID` into evidence once `decided` (the finalized
    /// block of its height) carried the frame; `previous` is the finalized block before it, whose
    /// inclusion list named the frame. Returns the evidence, or nil when the omission cannot be
    /// proved to a third party (`MissedInclusionEvidence.verify` says why).
    mutating func omitted(
        _ proposal: ConsensusMessage, block: Block, frameID: Hash32, decided: FinalizedBlock, previous: FinalizedBlock,
        set: ValidatorSet, chainID: String
    ) -> MissedInclusionEvidence? {
        let lists = previous.frames.enumerated().filter {
            $0.element.header.kind == .inclusionList
                && ((try? InclusionList(canonicalBytes: $0.element.sealedPayload))?.frameIDs.contains(frameID) ?? false)
        }
        guard let (index, list) = lists.first else { return nil }
        let proof = FrameInclusion(frames: previous.frames, index: index, height: previous.entry.header.height).proof
        let evidence = MissedInclusionEvidence(
            proposal: proposal, header: block.header, frames: block.frames.map(\.envelope), entries: block.inclusion, list: list,
            listProof: proof, decided: decided.entry.frames, frameID: frameID)
        let headers = [previous.entry.header.height: previous.entry.header, decided.entry.header.height: decided.entry.header]
        guard (try? evidence.verify(set: set, chainID: chainID, finalized: { headers[$0] })) != nil,
            !missed.contains(where: { $0.omission == evidence.omission })
        else { return nil }
        missed.append(evidence)
        count += 1
        return evidence
    }

    /// A finalized block carried `included` and `missedIncluded`: they are no longer pending;
    /// heights below `height` are forgotten.
    mutating func finalized(
        _ included: [EquivocationEvidence], missed missedIncluded: [MissedInclusionEvidence] = [], height: UInt64
    ) {
        let carried = Set(included.map { $0.canonicalBytes() })
        pending.removeAll { carried.contains($0.canonicalBytes()) }
        let omissions = Set(missedIncluded.map(\.omission))
        missed.removeAll { omissions.contains($0.omission) || $0.refusal(carriedAt: height + 1) != nil }
        detector.prune(below: height)
    }
}
