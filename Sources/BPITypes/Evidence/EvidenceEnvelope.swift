import BPICodec
import BPIHash

/// One portable evidence item (docs/SPEC.md §18.9): every kind in one canonical, versioned form
/// that a third party checks with the genesis file and finalized headers alone. The body is the
/// kind's own canonical encoding, unchanged; the envelope adds only what selects the check — the
/// kind, the mesh and the height whose validator set judges it. Its id is `H(0x18 ‖ canonical envelope)`.
public struct EvidenceEnvelope: Sendable, Equatable {
    /// The encoding's version (the first field).
    public static let version: UInt64 = 1
    /// The largest body accepted (1 MiB: the largest kind, a DA fault, is a few KiB).
    public static let maxBytes = 1 << 20

    public let kind: EvidenceKind
    /// The mesh's chain id.
    public let chainID: String
    /// The height whose validator set judges it: the offence's height (equivocation, missed
    /// inclusion, fork), or the height of the finalized block carrying it (list equivocation,
    /// bad key share, DA fault).
    public let height: UInt64
    /// The kind's canonical encoding.
    public let body: [UInt8]

    /// Wraps a kind's canonical body.
    public init(kind: EvidenceKind, chainID: String, height: UInt64, body: [UInt8]) {
        self.kind = kind
        self.chainID = chainID
        self.height = height
        self.body = body
    }

    /// The item's id.
    public var id: Hash32 { HashAlgorithm.blake3.hash(canonicalBytes(), tag: .evidence) }
}

extension EvidenceEnvelope: CBORCodable {
    /// `[version, kind, chainID, height, body]`.
    public var cborFields: [CBOR] {
        [.unsigned(Self.version), .unsigned(kind.rawValue), .text(chainID), .unsigned(height), .bytes(body)]
    }

    /// Decodes, refusing another version, an unknown kind and an oversized body.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        let version = try f.nextUInt("version")
        guard version == Self.version else { throw .schema("EvidenceEnvelope.version: \(version) is not \(Self.version)") }
        let raw = try f.nextUInt("kind")
        guard let kind = EvidenceKind(rawValue: raw) else { throw .schema("EvidenceEnvelope.kind: \(raw) is no evidence kind") }
        self.kind = kind
        chainID = try f.nextText("chainID")
        height = try f.nextUInt("height")
        body = try f.nextBytes("body")
        guard body.count <= Self.maxBytes else { throw .schema("EvidenceEnvelope: body above \(Self.maxBytes) bytes") }
    }
}
