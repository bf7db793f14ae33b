import BPICodec
import BPIHash

/// A proposed block: the header and the content its roots commit to — the payloads
/// (`framesRoot`, until the BPCI data plane replaces them with frames), the evidence
/// (`evidenceRoot`) and the Proof-of-History tick list (`pohRoot`, docs/SPEC.md §11.2). Validators
/// prepare a header only once they hold its block and checked it.
public struct Block: Sendable, Equatable {
    /// The header.
    public var header: Header
    /// Application payloads, in order; `framesRoot` is their Merkle root.
    public var payloads: [[UInt8]]
    /// Equivocation evidence; `evidenceRoot` is the Merkle root of their canonical encodings.
    public var evidence: [EquivocationEvidence]
    /// The tick list: clock ticks with one event per payload mixed in, in payload order.
    public var poh: [PoHRecord]

    /// Largest payload accepted (64 KiB).
    public static let maxPayloadBytes = 64 << 10
    /// Most payloads in one block.
    public static let maxPayloads = 1_024

    /// Creates a block.
    public init(header: Header, payloads: [[UInt8]] = [], evidence: [EquivocationEvidence] = [], poh: [PoHRecord] = []) {
        self.header = header
        self.payloads = payloads
        self.evidence = evidence
        self.poh = poh
    }

    /// The Merkle root of `payloads` (what `framesRoot` must be).
    public static func payloadsRoot(_ payloads: [[UInt8]]) -> Hash32 { Merkle.root(leaves: payloads) }

    /// The Merkle root of `evidence` (what `evidenceRoot` must be).
    public static func evidenceRoot(_ evidence: [EquivocationEvidence]) -> Hash32 {
        Merkle.root(leaves: evidence.map { $0.canonicalBytes() })
    }

    /// Whether the header's roots match the carried content (the tick list's replay is checked
    /// elsewhere: `BlockPoH` in BPIPoH).
    public var contentMatchesHeader: Bool {
        header.framesRoot == Self.payloadsRoot(payloads) && header.evidenceRoot == Self.evidenceRoot(evidence)
            && header.pohRoot == PoHRecord.root(poh)
    }
}

extension Block: CBORCodable {
    /// `[header, [payload…], [evidence…], [pohRecord…]]`.
    public var cborFields: [CBOR] {
        [header.cbor, .array(payloads.map { .bytes($0) }), .array(evidence.map(\.cbor)), .array(poh.map(\.cbor))]
    }

    /// Decodes a block, bounding the number and size of payloads and the tick list.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        header = try f.next("header", as: Header.self)
        payloads = try Self.nextPayloads(&f, of: "Block")
        evidence = try f.nextArray("evidence", of: EquivocationEvidence.self)
        poh = try PoHRecord.nextList(&f)
    }

    /// The light-client entry of this block once `commit` finalizes it.
    public func entry(commit: Commit, nextValidatorSet: ValidatorSet? = nil) -> ChainEntry {
        ChainEntry(
            header: header, commit: commit, nextValidatorSet: nextValidatorSet, evidence: evidence, poh: poh,
            frameIDs: Merkle.leafHashes(payloads))
    }

    /// Reads a payload list: at most `maxPayloads` byte strings of at most `maxPayloadBytes` each.
    static func nextPayloads(_ f: inout CBORFieldReader, of type: String) throws(CBORError) -> [[UInt8]] {
        var payloads: [[UInt8]] = []
        for item in try f.nextArrayItems("payloads", maxCount: maxPayloads) {
            guard case .bytes(let b) = item, b.count <= maxPayloadBytes else {
                throw .schema("\(type).payloads: each payload must be a byte string of at most \(maxPayloadBytes) bytes")
            }
            payloads.append(b)
        }
        return payloads
    }
}

/// A finalized block as peers exchange it during sync: the light-client entry and the payloads
/// its header's `framesRoot` commits to.
public struct FinalizedBlock: Sendable, Equatable {
    /// Header, commit, set change and evidence.
    public var entry: ChainEntry
    /// The payloads.
    public var payloads: [[UInt8]]

    /// Creates a finalized block.
    public init(entry: ChainEntry, payloads: [[UInt8]]) {
        self.entry = entry
        self.payloads = payloads
    }
}

extension FinalizedBlock: CBORCodable {
    /// `[entry, [payload…]]`.
    public var cborFields: [CBOR] { [entry.cbor, .array(payloads.map { .bytes($0) })] }

    /// Decodes a finalized block.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        entry = try f.next("entry", as: ChainEntry.self)
        payloads = try Block.nextPayloads(&f, of: "FinalizedBlock")
    }
}
