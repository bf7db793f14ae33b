import BPICodec
import BPICrypto
import BPIHash
import BPIThreshold
import BPITypes

/// Evidence that a validator published a key share that does not verify (docs/SPEC.md §16.5):
/// its own key-share frame, signed by its identity key, with the Merkle path that places the
/// frame in a finalized block; and the `epoch-key` frame that put the share's epoch key on the
/// chain, with its path. The frame rules take a bad share into a block (once per participant and
/// height) instead of refusing it, so the chain itself records the offence and the share never
/// counts towards a reveal; they take an epoch-key frame only when its key is the one the
/// finalized key generation decided, so the chain vouches for the key the share is judged by.
public struct BadKeyShareEvidence: Sendable, Equatable {
    /// The key-share frame.
    public var frame: Frame
    /// The height of the finalized block carrying it.
    public var height: UInt64
    /// The frame's path to that block's `framesRoot`.
    public var proof: MerkleProof
    /// An `epoch-key` frame carrying the key of the share's key epoch.
    public var keyFrame: Frame
    /// The height of the finalized block carrying `keyFrame`.
    public var keyHeight: UInt64
    /// `keyFrame`'s path to that block's `framesRoot`.
    public var keyProof: MerkleProof

    /// Creates evidence.
    public init(frame: Frame, height: UInt64, proof: MerkleProof, keyFrame: Frame, keyHeight: UInt64, keyProof: MerkleProof) {
        self.frame = frame
        self.height = height
        self.proof = proof
        self.keyFrame = keyFrame
        self.keyHeight = keyHeight
        self.keyProof = keyProof
    }

    /// The evidence for the frame at `index` of a finalized block's `frames` at `height`, with the
    /// epoch-key frame at `keyIndex` of the finalized block's `keyFrames` at `keyHeight`.
    public init(frames: [Frame], index: Int, height: UInt64, keyFrames: [Frame], keyIndex: Int, keyHeight: UInt64) {
        self.init(
            frame: frames[index], height: height, proof: FrameInclusion(frames: frames, index: index, height: height).proof,
            keyFrame: keyFrames[keyIndex], keyHeight: keyHeight,
            keyProof: FrameInclusion(frames: keyFrames, index: keyIndex, height: keyHeight).proof)
    }

    /// The key-share message the frame carries (its key epoch selects the committee that judges it).
    public func message() throws(TypesError) -> KeyShareMessage {
        guard frame.header.kind == .keyShare, frame.header.source == frame.header.destination else {
            throw .invalid("not a key-share frame from a validator service to itself")
        }
        do { return try KeyShareMessage(canonicalBytes: frame.sealedPayload) } catch { throw .invalid("\(error)") }
    }

    /// Checks the evidence: the frame is in the finalized block `header` (at `height`), it is a
    /// key-share frame from a validator service to itself signed by the identity key of the
    /// participant its share names (`committee[j − 1]`, the committee of the message's key epoch:
    /// the set signing the first block of its generation); the epoch-key frame is in the finalized
    /// block `keyHeader` (at `keyHeight`), is for that key epoch and signed by the participant it
    /// names; and the share does not verify against that key for its height. Returns the participant j.
    public func verify(header: Header, keyHeader: Header, chainID: String, committee: [[UInt8]]) throws(TypesError) -> UInt32 {
        guard header.chainID == chainID, keyHeader.chainID == chainID,
            FrameInclusion(envelope: frame.envelope, height: height, proof: proof).isIncluded(in: header)
        else { throw .invalid("the frame is not in the finalized block at height \(height)") }
        let m = try message()
        let j = m.share.index
        guard Self.isSigned(frame, byParticipant: j, of: committee) else {
            throw .invalid("the frame is not signed by the identity key of participant \(j)")
        }
        guard m.height < height else { throw .invalid("a share for height \(m.height) cannot be carried at \(height)") }
        let key = try epochKey(keyHeader: keyHeader, keyEpoch: m.keyEpoch, committee: committee)
        guard !key.verifies(m.share, for: EncryptionIdentity.height(m.height, epoch: m.keyEpoch, chainID: chainID)) else {
            throw .invalid("participant \(j)'s share for height \(m.height) verifies: it is not bad")
        }
        return j
    }

    /// The epoch key the epoch-key frame carries, once it is shown to be in the finalized block
    /// `keyHeader`, for `keyEpoch`, from a participant of `committee`, with a share key for each.
    private func epochKey(keyHeader: Header, keyEpoch: UInt64, committee: [[UInt8]]) throws(TypesError) -> EpochPublicKey {
        guard FrameInclusion(envelope: keyFrame.envelope, height: keyHeight, proof: keyProof).isIncluded(in: keyHeader) else {
            throw .invalid("the epoch-key frame is not in the finalized block at height \(keyHeight)")
        }
        guard keyFrame.header.kind == .epochKey, keyFrame.header.source == keyFrame.header.destination else {
            throw .invalid("the key frame is not an epoch-key frame from a validator service to itself")
        }
        let k: EpochKeyMessage
        do { k = try EpochKeyMessage(canonicalBytes: keyFrame.sealedPayload) } catch { throw .invalid("\(error)") }
        guard k.keyEpoch == keyEpoch else {
            throw .invalid("the epoch-key frame is for key epoch \(k.keyEpoch), the share for \(keyEpoch)")
        }
        guard Self.isSigned(keyFrame, byParticipant: k.participant, of: committee) else {
            throw .invalid("the epoch-key frame is not signed by the identity key of participant \(k.participant)")
        }
        guard k.key.shareKeys.count == committee.count else {
            throw .invalid("the epoch key has \(k.key.shareKeys.count) participants, the committee \(committee.count)")
        }
        return k.key
    }

    /// Whether `frame` is signed by the identity key of participant j (`committee[j − 1]`).
    private static func isSigned(_ frame: Frame, byParticipant j: UInt32, of committee: [[UInt8]]) -> Bool {
        guard j >= 1, Int(j) <= committee.count, let key = try? Ed25519PublicKey(bytes: committee[Int(j) - 1]) else {
            return false
        }
        return frame.isSigned(by: key)
    }
}

extension BadKeyShareEvidence: CBORCodable {
    /// `[1, frame, height, proof, keyFrame, keyHeight, keyProof]`.
    public var cborFields: [CBOR] {
        [.unsigned(1), frame.cbor, .unsigned(height), proof.cbor, keyFrame.cbor, .unsigned(keyHeight), keyProof.cbor]
    }

    /// Decodes.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("BadKeyShareEvidence.version: only version 1 is defined") }
        frame = try f.next("frame", as: Frame.self)
        height = try f.nextUInt("height")
        proof = try f.next("proof", as: MerkleProof.self)
        keyFrame = try f.next("keyFrame", as: Frame.self)
        keyHeight = try f.nextUInt("keyHeight")
        keyProof = try f.next("keyProof", as: MerkleProof.self)
    }
}
