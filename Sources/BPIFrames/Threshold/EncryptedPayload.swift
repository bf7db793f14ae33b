import BPICodec
import BPIThreshold

/// The payload of an `encrypted` frame (docs/SPEC.md §16.5): application bytes encrypted to
/// (the epoch key of `keyEpoch`, `targetHeight`). The frame is ordered blind; once the target
/// height is final and its key revealed, every validator opens it with the frame's header hash
/// as associated data, so the ciphertext cannot be moved to another frame.
public struct EncryptedPayload: Sendable, Equatable {
    /// The key epoch of `targetHeight`.
    public var keyEpoch: UInt64
    /// The height whose decryption key opens it; the frame must be included at or before it.
    public var targetHeight: UInt64
    /// The ciphertext.
    public var ciphertext: IdentityCiphertext

    /// Creates a payload.
    public init(keyEpoch: UInt64, targetHeight: UInt64, ciphertext: IdentityCiphertext) {
        self.keyEpoch = keyEpoch
        self.targetHeight = targetHeight
        self.ciphertext = ciphertext
    }

    /// The identity it is encrypted to.
    public func identity(chainID: String) -> EncryptionIdentity {
        EncryptionIdentity.height(targetHeight, epoch: keyEpoch, chainID: chainID)
    }
}

extension EncryptedPayload: CBORCodable {
    /// `[1, keyEpoch, targetHeight, IdentityCiphertext]`.
    public var cborFields: [CBOR] { [.unsigned(1), .unsigned(keyEpoch), .unsigned(targetHeight), ciphertext.cbor] }

    /// Decodes (the ciphertext's U is checked on decoding).
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("EncryptedPayload.version: only version 1 is defined") }
        keyEpoch = try f.nextUInt("keyEpoch")
        targetHeight = try f.nextUInt("targetHeight")
        ciphertext = try f.next("ciphertext", as: IdentityCiphertext.self)
    }
}
