import BPIBLS
import BPICodec

/// One participant's share of the decryption key of an identity, s_j·H(id) in G1 — a BLS
/// signature share on the identity, checked against the participant's public share
/// (`EpochPublicKey.verifies`). Published once the identity's height is final (SPEC §16.4).
public struct DecryptionKeyShare: Sendable, Equatable {
    /// The participant's index.
    public let index: UInt32
    /// s_j·H(id).
    public let point: G1Point

    /// Creates a share.
    public init(index: UInt32, point: G1Point) {
        self.index = index
        self.point = point
    }
}

extension DecryptionKeyShare: CBORCodable {
    /// `[1, index, share(48, compressed G1)]`.
    public var cborFields: [CBOR] { [.unsigned(1), .unsigned(UInt64(index)), .bytes(point.compressed)] }

    /// Decodes; the point must be a G1 subgroup point other than the identity.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("DecryptionKeyShare.version: only version 1 is defined") }
        index = try DKGComplaint.index(&f, "index")
        guard let p = try? G1Point(encoding: try f.nextBytes("share", count: 48)), !p.isInfinity else {
            throw .schema("DecryptionKeyShare.share: not a compressed G1 subgroup point other than the identity")
        }
        point = p
    }
}
