import BPIConsensus
import BPIRules
import BPITypes

/// Equivocation seen on the wire, turned into evidence (SPEC §7.5): stored durably, counted, and
/// offered to this validator's next proposals until a finalized block carries it.
struct EvidencePool: Sendable {
    private var detector: EquivocationDetector
    private(set) var pending: [EquivocationEvidence] = []
    /// Evidence items recorded since the store was created.
    private(set) var count: Int

    /// A pool for `chainID`'s `set`, counting the `stored` items already in the store.
    init(chainID: String, set: ValidatorSet, stored: Int) {
        detector = EquivocationDetector(chainID: chainID, set: set)
        count = stored
    }

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

    /// A finalized block carried `included`: it is no longer pending; heights below `height` are forgotten.
    mutating func finalized(_ included: [EquivocationEvidence], height: UInt64) {
        let carried = Set(included.map { $0.canonicalBytes() })
        pending.removeAll { carried.contains($0.canonicalBytes()) }
        detector.prune(below: height)
    }
}
