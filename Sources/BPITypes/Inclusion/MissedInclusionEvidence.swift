import BPICodec
import BPICrypto
import BPIHash

/// Proof that a proposer signed a block leaving out a frame it was bound to carry (docs/SPEC.md
/// §17.3), checkable from two finalized headers and this object alone: the inclusion list of the
/// finalized block before (with its Merkle path) names the frame; the proposer's signed
/// PRE-PREPARE names a header on that block whose frames (envelopes, against `framesRoot`) lack it
/// and whose entries (against `inclusionRoot`) do not mark it carried or full; and the finalized
/// block of the same height (envelopes, against its `framesRoot`) carried it with no frame of its
/// sender before it, while the proposal held no frame of that sender either — so the frame could
/// have been appended to the proposal: whatever ground the proposer claimed does not hold. Only
/// frames whose validity depends on nothing but their sender's nonce chain (`data`, `handshake`)
/// are proved this way; a false ground for another kind still makes the block invalid at every
/// honest validator, but leaves no evidence a third party can check.
public struct MissedInclusionEvidence: Sendable, Equatable {
    /// The proposer's signed PRE-PREPARE of the offending block.
    public var proposal: ConsensusMessage
    /// The offending block's header.
    public var header: Header
    /// The offending block's frames, as envelopes.
    public var frames: [FrameEnvelope]
    /// The offending block's inclusion entries.
    public var entries: [InclusionEntry]
    /// The inclusion-list frame, carried by the finalized block at `header.height − 1`.
    public var list: Frame
    /// Its path to that block's `framesRoot`.
    public var listProof: MerkleProof
    /// The frames of the finalized block at `header.height`, as envelopes.
    public var decided: [FrameEnvelope]
    /// The frame left out.
    public var frameID: Hash32

    /// Creates evidence (not yet verified).
    public init(
        proposal: ConsensusMessage, header: Header, frames: [FrameEnvelope], entries: [InclusionEntry], list: Frame,
        listProof: MerkleProof, decided: [FrameEnvelope], frameID: Hash32
    ) {
        self.proposal = proposal
        self.header = header
        self.frames = frames
        self.entries = entries
        self.list = list
        self.listProof = listProof
        self.decided = decided
        self.frameID = frameID
    }

    /// The height the frame was left out at.
    public var height: UInt64 { header.height }

    /// Heights after the omission within which a block may carry the evidence (the light client
    /// keeps that many headers to check it).
    public static let window: UInt64 = 64

    /// What makes two items the same omission (an omission is carried once): the proposer's
    /// header hash and the frame.
    public var omission: Hash32 { BLAKE3.hash(header.hash.bytes + frameID.bytes) }

    /// Why a block at `height` may not carry this evidence (too old, or not yet final), or nil.
    public func refusal(carriedAt height: UInt64) -> String? {
        guard header.height < height, height - header.height < Self.window else {
            return "an omission at height \(header.height) is carried within \(Self.window) blocks after it"
        }
        return nil
    }

    /// Checks the evidence against `set` (the set signing `height`) on `chainID`, with
    /// `finalized(h)` the finalized header at `h` (nil if unknown). Returns the offender's index.
    public func verify(set: ValidatorSet, chainID: String, finalized: (UInt64) -> Header?) throws(TypesError) -> Int {
        let h = header.height
        guard h >= 2, let before = finalized(h - 1), let decidedHeader = finalized(h) else {
            throw .invalid("the finalized headers at \(h > 0 ? h - 1 : 0) and \(h) are needed to check it")
        }
        let m = proposal
        guard m.kind == .prePrepare, m.chainID == chainID, header.chainID == chainID else {
            throw .invalid("not a PRE-PREPARE of this chain")
        }
        guard m.height == h, m.round == header.round, m.value == header.hash, m.sender == header.proposerIndex else {
            throw .invalid("the PRE-PREPARE does not name this header")
        }
        guard m.sender < UInt64(set.count), let key = set.identityKeys[Int(m.sender)], m.isSigned(by: key) else {
            throw .invalid("the PRE-PREPARE is not signed by validator \(m.sender) of the set")
        }
        guard header.prevHash == before.hash, decidedHeader.hash != header.hash else {
            throw .invalid("the header does not extend the finalized block at \(h - 1), or it is the finalized one")
        }
        guard Block.framesRoot(ids: frames.map(\.id)) == header.framesRoot,
            InclusionEntry.root(entries) == header.inclusionRoot
        else { throw .invalid("the frames or entries do not match the header's roots") }
        guard list.header.kind == .inclusionList, listProof.verify(leafHash: list.id, root: before.framesRoot) else {
            throw .invalid("the list is not an inclusion-list frame of the finalized block at \(h - 1)")
        }
        guard let named = try? InclusionList(canonicalBytes: list.sealedPayload),
            let listed = named.frames.first(where: { $0.id == frameID })
        else { throw .invalid("the list does not name frame \(frameID)") }
        guard listed.header.kind == .data || listed.header.kind == .handshake else {
            throw .invalid("only data and handshake frames are proved omitted this way")
        }
        let source = listed.header.source
        guard !frames.contains(where: { $0.id == frameID || $0.header.source == source }) else {
            throw .invalid("the proposal carries the frame or another frame of its sender")
        }
        if let entry = entries.first(where: { $0.frameID == frameID }), entry.outcome == .blockFull,
            frames.count >= Block.maxFrames
        {
            throw .invalid("the proposal is full: block-full holds")
        }
        guard Block.framesRoot(ids: decided.map(\.id)) == decidedHeader.framesRoot,
            let at = decided.firstIndex(where: { $0.id == frameID }),
            !decided[..<at].contains(where: { $0.header.source == source })
        else {
            throw .invalid("the finalized block at \(h) does not carry the frame first of its sender's")
        }
        return Int(m.sender)
    }
}

extension MissedInclusionEvidence: CBORCodable {
    /// `[1, proposal, header, [envelope…], [entry…], list, listProof, [decided envelope…], frameID]`.
    public var cborFields: [CBOR] {
        [
            .unsigned(1), proposal.cbor, header.cbor, .array(frames.map(\.cbor)), .array(entries.map(\.cbor)), list.cbor,
            listProof.cbor, .array(decided.map(\.cbor)), .bytes(frameID.bytes),
        ]
    }

    /// Decodes; lists are bounded like a block's.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("MissedInclusionEvidence.version: only version 1 is defined") }
        proposal = try f.next("proposal", as: ConsensusMessage.self)
        header = try f.next("header", as: Header.self)
        frames = try Self.envelopes(&f, "frames")
        entries = []
        for item in try f.nextArrayItems("entries", maxCount: InclusionEntry.maxPerBlock) {
            entries.append(try InclusionEntry(cbor: item))
        }
        list = try f.next("list", as: Frame.self)
        listProof = try f.next("listProof", as: MerkleProof.self)
        decided = try Self.envelopes(&f, "decided")
        frameID = Hash32(try f.nextBytes("frameID", count: 32))!
    }

    private static func envelopes(_ f: inout CBORFieldReader, _ field: String) throws(CBORError) -> [FrameEnvelope] {
        var out: [FrameEnvelope] = []
        for item in try f.nextArrayItems(field, maxCount: Block.maxFrames) { out.append(try FrameEnvelope(cbor: item)) }
        return out
    }
}
