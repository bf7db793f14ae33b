import BPIBLS
import BPICodec

/// What a payload is encrypted to: an identity string whose decryption key the committee
/// reveals only when it allows — for the mempool, a height once it is final (SPEC §16.3). The
/// identity's point is the string hashed to G1 (RFC 9380, suite BLS12381G1_XMD:SHA-256_SSWU_RO_
/// with this scheme's own DST, so no consensus signature is ever a key share or the reverse).
public struct EncryptionIdentity: Sendable, Equatable {
    /// The identity string.
    public let bytes: [UInt8]
    /// H(id) in G1.
    public let point: G1Point

    /// The hash-to-curve domain-separation tag of identities.
    public static let dst = Array("BPI_IBE_BLS12381G1_XMD:SHA-256_SSWU_RO_".utf8)

    /// The identity of arbitrary bytes.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        // expand_message_xmd refuses only DSTs over 255 bytes or outputs over 255·32 bytes;
        // neither can happen with this fixed DST and G1's fixed output.
        point = try! SSWU.hashToG1(bytes, dst: Self.dst)
    }

    /// The identity of block `height` of `chainID` under key epoch `epoch`: canonical
    /// `[1, chainID, epoch, height]`.
    public static func height(_ height: UInt64, epoch: UInt64, chainID: String) -> EncryptionIdentity {
        // Encoding an array of integers and text cannot fail.
        EncryptionIdentity(
            bytes: try! CBOREncoder.encode(.array([.unsigned(1), .text(chainID), .unsigned(epoch), .unsigned(height)])))
    }
}
