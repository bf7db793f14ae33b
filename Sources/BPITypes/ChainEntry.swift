import BPICodec
import BPIHash

/// One verified-chain step as a light client receives it: a header, its commit, the next
/// validator set when the header changes it, the evidence its `evidenceRoot` commits to and the
/// Proof-of-History tick list its `pohRoot` commits to, and the envelopes of the block's frames
/// (each frame with its payload replaced by its hash) that `framesRoot` commits to and whose
/// nonce-chain values the tick list mixes in (the light client replays and matches them, §11.2).
public struct ChainEntry: Sendable, Equatable {
    public var header: Header
    public var commit: Commit
    /// The set for the next height, present exactly when `nextValidatorSetHash` differs from `validatorSetHash`.
    public var nextValidatorSet: ValidatorSet?
    /// The evidence list committed by `evidenceRoot`.
    public var evidence: [EquivocationEvidence]
    /// The block's tick list.
    public var poh: [PoHRecord]
    /// The block's frame envelopes, in block order: `framesRoot` is the root of their ids.
    public var frames: [FrameEnvelope]
    /// The data-availability faults `evidenceRoot` commits to after `evidence` (§15.8).
    public var daFaults: [DAFaultEvidence]
    /// The missed-inclusion evidence `evidenceRoot` commits to after `daFaults` (§17.3).
    public var missedInclusions: [MissedInclusionEvidence]

    /// Creates an entry.
    public init(
        header: Header, commit: Commit, nextValidatorSet: ValidatorSet? = nil, evidence: [EquivocationEvidence] = [],
        poh: [PoHRecord] = [], frames: [FrameEnvelope] = [], daFaults: [DAFaultEvidence] = [],
        missedInclusions: [MissedInclusionEvidence] = []
    ) {
        self.missedInclusions = missedInclusions
        self.daFaults = daFaults
        self.header = header
        self.commit = commit
        self.nextValidatorSet = nextValidatorSet
        self.evidence = evidence
        self.poh = poh
        self.frames = frames
    }
}

extension ChainEntry: CBORCodable {
    /// `[header, commit, nextValidatorSet or null, [evidence…], [pohRecord…], [frameEnvelope…], [daFault…]]`,
    /// then `[missedInclusion…]` when there is such evidence.
    public var cborFields: [CBOR] {
        var fields: [CBOR] = [
            header.cbor, commit.cbor, nextValidatorSet?.cbor ?? .null, .array(evidence.map(\.cbor)), .array(poh.map(\.cbor)),
            .array(frames.map(\.cbor)), .array(daFaults.map(\.cbor)),
        ]
        if !missedInclusions.isEmpty { fields.append(.array(missedInclusions.map(\.cbor))) }
        return fields
    }

    /// Decodes an entry.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        header = try f.next("header", as: Header.self)
        commit = try f.next("commit", as: Commit.self)
        let next = try f.next("nextValidatorSet")
        nextValidatorSet = next == .null ? nil : try ValidatorSet(cbor: next)
        evidence = try f.nextArray("evidence", of: EquivocationEvidence.self)
        poh = try PoHRecord.nextList(&f)
        frames = []
        for item in try f.nextArrayItems("frames", maxCount: Block.maxFrames) { frames.append(try FrameEnvelope(cbor: item)) }
        daFaults = try Block.nextDAFaults(&f)
        missedInclusions = try Block.nextMissedInclusions(&f)
    }
}

/// A chain file (`chain.cbor`): `[version, [entry…]]`, heights 1, 2, … in order. Version 3 entries
/// carry each block's tick list and data-availability faults; older files are refused.
public struct ChainFile: Sendable, Equatable {
    /// Format version (3).
    public var version: UInt64 = 3
    /// The entries.
    public var entries: [ChainEntry]

    /// Creates a chain file.
    public init(entries: [ChainEntry]) { self.entries = entries }
}

extension ChainFile: CBORCodable {
    /// `[version, [entries…]]`.
    public var cborFields: [CBOR] { [.unsigned(version), .array(entries.map(\.cbor))] }

    /// Decodes a chain file.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 3 else {
            let hint =
                version == 1 || version == 2
                ? " (version \(version) files predate \(version == 1 ? "Proof-of-History" : "data-availability faults"); regenerate the chain)"
                : ""
            throw .schema("ChainFile.version: unsupported version \(version)\(hint)")
        }
        entries = try f.nextArray("entries", of: ChainEntry.self)
    }
}
