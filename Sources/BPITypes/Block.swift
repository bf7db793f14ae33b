import BPICodec
import BPIHash

/// A proposed block: the header and the content its roots commit to — the BPCI frames
/// (`framesRoot`, over their envelopes), the evidence (`evidenceRoot`) and the Proof-of-History
/// tick list (`pohRoot`, docs/SPEC.md §11.2). Validators prepare a header only once they hold its
/// block and checked it.
public struct Block: Sendable, Equatable {
    /// The header.
    public var header: Header
    /// The frames, in order; `framesRoot` is the Merkle root of their envelopes.
    public var frames: [Frame]
    /// Equivocation evidence; `evidenceRoot` is the Merkle root of their canonical encodings,
    /// followed by those of `daFaults`.
    public var evidence: [EquivocationEvidence]
    /// Data-availability fault evidence (§15.8): exactly the challenges due before this height.
    public var daFaults: [DAFaultEvidence]
    /// The tick list: clock ticks with each frame's nonce-chain value mixed in, in frame order.
    public var poh: [PoHRecord]
    /// The block's inclusion obligations and what became of each (docs/SPEC.md §17.2):
    /// `inclusionRoot` is their root. Validators derive them and refuse a block whose list differs.
    public var inclusion: [InclusionEntry]
    /// Missed-inclusion evidence (§17.3), committed by `evidenceRoot` after the data-availability faults.
    public var missedInclusions: [MissedInclusionEvidence]

    /// Most frames in one block.
    public static let maxFrames = 1_024

    /// Creates a block.
    public init(
        header: Header, frames: [Frame] = [], evidence: [EquivocationEvidence] = [], poh: [PoHRecord] = [],
        daFaults: [DAFaultEvidence] = [], inclusion: [InclusionEntry] = [], missedInclusions: [MissedInclusionEvidence] = []
    ) {
        self.inclusion = inclusion
        self.missedInclusions = missedInclusions
        self.header = header
        self.frames = frames
        self.evidence = evidence
        self.poh = poh
        self.daFaults = daFaults
    }

    /// Most data-availability faults in one block.
    public static let maxDAFaults = 256

    /// The Merkle root over frame ids (what `framesRoot` must be).
    public static func framesRoot(ids: [Hash32]) -> Hash32 { Merkle.root(leafHashes: ids) }

    /// The Merkle root of `frames`' envelopes.
    public static func framesRoot(_ frames: [Frame]) -> Hash32 { framesRoot(ids: frames.map(\.id)) }

    /// The Merkle root over the canonical encodings of `evidence`, then of `daFaults`, then of
    /// `missedInclusions` (what `evidenceRoot` must be).
    public static func evidenceRoot(
        _ evidence: [EquivocationEvidence], daFaults: [DAFaultEvidence] = [], missedInclusions: [MissedInclusionEvidence] = []
    ) -> Hash32 {
        Merkle.root(
            leaves: evidence.map { $0.canonicalBytes() } + daFaults.map { $0.canonicalBytes() }
                + missedInclusions.map { $0.canonicalBytes() })
    }

    /// Most missed-inclusion evidence items in one block.
    public static let maxMissedInclusions = 16

    /// The receipts a block's receipt frames carry, in block order (frames whose payload is not a
    /// submission are left out: the frame rules refuse them).
    public static func receipts(_ frames: [Frame]) -> [Receipt] {
        frames.compactMap {
            $0.header.kind == .receipt ? (try? ReceiptSubmission(canonicalBytes: $0.sealedPayload))?.receipt : nil
        }
    }

    /// The agreement bundles a block's agreement frames pin, in block order (docs/SPEC.md §14.5).
    public static func agreements(_ frames: [Frame]) -> [AgreementBundle] {
        frames.compactMap {
            $0.header.kind == .agreement ? try? AgreementBundle(canonicalBytes: $0.sealedPayload) : nil
        }
    }

    /// The count-bound Merkle root over the ids of `frames`' receipts (what `receiptsRoot` must be).
    public static func receiptsRoot(_ frames: [Frame]) -> Hash32 { Receipt.root(receipts(frames)) }

    /// The objects a block's da-commit frames commit, in block order (docs/SPEC.md §15.3; frames
    /// whose payload is not a canonical object are left out: the frame rules refuse them).
    public static func daObjects(_ frames: [Frame]) -> [DAObject] {
        frames.compactMap { $0.header.kind == .daCommit ? try? DAObject(canonicalBytes: $0.sealedPayload) : nil }
    }

    /// The count-bound Merkle root over the canonical encodings of `objects` (what `daRoot` must be):
    /// each leaf binds an object's parameters, hash and shard root.
    public static func daRoot(objects: [DAObject]) -> Hash32 { Merkle.root(leaves: objects.map { $0.canonicalBytes() }) }

    /// The `daRoot` of `frames`' da-commit frames.
    public static func daRoot(_ frames: [Frame]) -> Hash32 { daRoot(objects: daObjects(frames)) }

    /// Whether the header's roots match the carried content (the tick list's replay and its
    /// events are checked elsewhere: `BlockPoH` in BPIPoH).
    public var contentMatchesHeader: Bool {
        header.framesRoot == Self.framesRoot(frames)
            && header.evidenceRoot == Self.evidenceRoot(evidence, daFaults: daFaults, missedInclusions: missedInclusions)
            && header.pohRoot == PoHRecord.root(poh) && header.receiptsRoot == Self.receiptsRoot(frames)
            && header.daRoot == Self.daRoot(frames) && header.inclusionRoot == InclusionEntry.root(inclusion)
    }

    /// The light-client entry of this block once `commit` finalizes it.
    public func entry(commit: Commit, nextValidatorSet: ValidatorSet? = nil) -> ChainEntry {
        ChainEntry(
            header: header, commit: commit, nextValidatorSet: nextValidatorSet, evidence: evidence, poh: poh,
            frames: frames.map(\.envelope), daFaults: daFaults, missedInclusions: missedInclusions)
    }
}

extension Block: CBORCodable {
    /// `[header, [frame…], [evidence…], [pohRecord…], [daFault…]]`, then `[inclusionEntry…]`
    /// when the block has obligations or missed-inclusion evidence, then `[missedInclusion…]` when
    /// it has such evidence.
    public var cborFields: [CBOR] {
        var fields: [CBOR] = [
            header.cbor, .array(frames.map(\.cbor)), .array(evidence.map(\.cbor)), .array(poh.map(\.cbor)),
            .array(daFaults.map(\.cbor)),
        ]
        if !inclusion.isEmpty || !missedInclusions.isEmpty { fields.append(.array(inclusion.map(\.cbor))) }
        if !missedInclusions.isEmpty { fields.append(.array(missedInclusions.map(\.cbor))) }
        return fields
    }

    /// Decodes a block, bounding the number of frames and the tick list.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        header = try f.next("header", as: Header.self)
        frames = try Self.nextFrames(&f)
        evidence = try f.nextArray("evidence", of: EquivocationEvidence.self)
        poh = try PoHRecord.nextList(&f)
        daFaults = try Self.nextDAFaults(&f)
        inclusion = []
        if f.remaining > 0 {
            for item in try f.nextArrayItems("inclusion", maxCount: InclusionEntry.maxPerBlock) {
                inclusion.append(try InclusionEntry(cbor: item))
            }
            guard !inclusion.isEmpty || f.remaining > 0 else {
                throw .schema("Block.inclusion: an empty list is left out, not encoded")
            }
        }
        missedInclusions = try Self.nextMissedInclusions(&f)
    }

    /// Reads an optional trailing missed-inclusion list: absent, or 1…`maxMissedInclusions` items.
    static func nextMissedInclusions(_ f: inout CBORFieldReader) throws(CBORError) -> [MissedInclusionEvidence] {
        guard f.remaining > 0 else { return [] }
        var out: [MissedInclusionEvidence] = []
        for item in try f.nextArrayItems("missedInclusions", maxCount: maxMissedInclusions) {
            out.append(try MissedInclusionEvidence(cbor: item))
        }
        guard !out.isEmpty else { throw .schema("missedInclusions: an empty list is left out, not encoded") }
        return out
    }

    /// Reads a fault list: at most `maxDAFaults` items.
    static func nextDAFaults(_ f: inout CBORFieldReader) throws(CBORError) -> [DAFaultEvidence] {
        var faults: [DAFaultEvidence] = []
        for item in try f.nextArrayItems("daFaults", maxCount: maxDAFaults) { faults.append(try DAFaultEvidence(cbor: item)) }
        return faults
    }

    /// Reads a frame list: at most `maxFrames` frames.
    static func nextFrames(_ f: inout CBORFieldReader) throws(CBORError) -> [Frame] {
        var frames: [Frame] = []
        for item in try f.nextArrayItems("frames", maxCount: maxFrames) { frames.append(try Frame(cbor: item)) }
        return frames
    }
}

/// A finalized block as peers exchange it during sync: the light-client entry and the frames
/// whose envelopes the entry carries.
public struct FinalizedBlock: Sendable, Equatable {
    /// Header, commit, set change, evidence, ticks and frame envelopes.
    public var entry: ChainEntry
    /// The frames.
    public var frames: [Frame]

    /// Creates a finalized block.
    public init(entry: ChainEntry, frames: [Frame]) {
        self.entry = entry
        self.frames = frames
    }

    /// Whether the frames are the ones the entry's envelopes (and so `framesRoot`) name.
    public var framesMatchEntry: Bool {
        frames.map(\.envelope) == entry.frames && entry.header.receiptsRoot == Block.receiptsRoot(frames)
            && entry.header.daRoot == Block.daRoot(frames)
    }
}

extension FinalizedBlock: CBORCodable {
    /// `[entry, [frame…]]`.
    public var cborFields: [CBOR] { [entry.cbor, .array(frames.map(\.cbor))] }

    /// Decodes a finalized block.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        entry = try f.next("entry", as: ChainEntry.self)
        frames = try Block.nextFrames(&f)
    }
}
