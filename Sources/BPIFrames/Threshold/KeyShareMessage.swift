import BPICodec
import BPIThreshold

/// The payload of a `key-share` frame (docs/SPEC.md §16.5): a validator's key share for a final
/// height that encrypted frames target, under that height's epoch key.
public struct KeyShareMessage: Sendable, Equatable {
    /// The key epoch of `height`.
    public var keyEpoch: UInt64
    /// The height whose decryption key the share is for.
    public var height: UInt64
    /// s_j·H(id(height)).
    public var share: DecryptionKeyShare

    /// Creates a message.
    public init(keyEpoch: UInt64, height: UInt64, share: DecryptionKeyShare) {
        self.keyEpoch = keyEpoch
        self.height = height
        self.share = share
    }
}

extension KeyShareMessage: CBORCodable {
    /// `[1, keyEpoch, height, DecryptionKeyShare]`.
    public var cborFields: [CBOR] { [.unsigned(1), .unsigned(keyEpoch), .unsigned(height), share.cbor] }

    /// Decodes.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("KeyShareMessage.version: only version 1 is defined") }
        keyEpoch = try f.nextUInt("keyEpoch")
        height = try f.nextUInt("height")
        share = try f.next("share", as: DecryptionKeyShare.self)
    }
}
