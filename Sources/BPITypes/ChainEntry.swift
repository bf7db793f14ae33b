import BPICodec

/// One verified-chain step as a light client receives it: a header, its commit, the next
/// validator set when the header changes it, and the evidence its `evidenceRoot` commits to.
public struct ChainEntry: Sendable, Equatable {
    public var header: Header
    public var commit: Commit
    /// The set for the next height, present exactly when `nextValidatorSetHash` differs from `validatorSetHash`.
    public var nextValidatorSet: ValidatorSet?
    /// The evidence list committed by `evidenceRoot`.
    public var evidence: [EquivocationEvidence]

    /// Creates an entry.
    public init(header: Header, commit: Commit, nextValidatorSet: ValidatorSet? = nil, evidence: [EquivocationEvidence] = []) {
        self.header = header
        self.commit = commit
        self.nextValidatorSet = nextValidatorSet
        self.evidence = evidence
    }
}

extension ChainEntry: CBORCodable {
    /// `[header, commit, nextValidatorSet or null, [evidence…]]`.
    public var cborFields: [CBOR] { [header.cbor, commit.cbor, nextValidatorSet?.cbor ?? .null, .array(evidence.map(\.cbor))] }

    /// Decodes an entry.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        header = try f.next("header", as: Header.self)
        commit = try f.next("commit", as: Commit.self)
        let next = try f.next("nextValidatorSet")
        nextValidatorSet = next == .null ? nil : try ValidatorSet(cbor: next)
        evidence = try f.nextArray("evidence", of: EquivocationEvidence.self)
    }
}

/// A chain file (`chain.cbor`): `[version, [entry…]]`, heights 1, 2, … in order.
public struct ChainFile: Sendable, Equatable {
    /// Format version (1).
    public var version: UInt64 = 1
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
        guard version == 1 else { throw .schema("ChainFile.version: unsupported version \(version)") }
        entries = try f.nextArray("entries", of: ChainEntry.self)
    }
}
