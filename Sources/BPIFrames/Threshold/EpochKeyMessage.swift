import BPICodec
import BPIThreshold

/// The payload of an `epoch-key` frame (docs/SPEC.md §16.5): the epoch key a key generation
/// decided, put on the chain by a participant of its committee. The frame rules take it only when
/// it equals, byte for byte, the key the finalized transcript decides, so a finalized block that
/// carries one vouches for the key as it vouches for every frame in it: a third party checks a
/// bad key share against it without replaying the key generation (`BadKeyShareEvidence`).
public struct EpochKeyMessage: Sendable, Equatable {
    /// The key epoch whose key this is.
    public var keyEpoch: UInt64
    /// The participant that sends it (its frame is signed by that participant's identity key).
    public var participant: UInt32
    /// The decided key.
    public var key: EpochPublicKey

    /// Creates a message.
    public init(keyEpoch: UInt64, participant: UInt32, key: EpochPublicKey) {
        self.keyEpoch = keyEpoch
        self.participant = participant
        self.key = key
    }
}

extension EpochKeyMessage: CBORCodable {
    /// `[1, keyEpoch, participant, EpochPublicKey]`.
    public var cborFields: [CBOR] { [.unsigned(1), .unsigned(keyEpoch), .unsigned(UInt64(participant)), key.cbor] }

    /// Decodes (the key's points are checked to be in their subgroups).
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("EpochKeyMessage.version: only version 1 is defined") }
        keyEpoch = try f.nextUInt("keyEpoch")
        let j = try f.nextUInt("participant")
        guard j <= UInt64(UInt32.max) else { throw .schema("EpochKeyMessage.participant: above 2^32 - 1") }
        participant = UInt32(j)
        key = try f.next("key", as: EpochPublicKey.self)
    }
}
