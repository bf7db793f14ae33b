import BPICodec
import BPICrypto
import BPIHash
import BPIThreshold
import BPITypes

/// Evidence that a validator published a key share that does not verify (docs/SPEC.md §16.5):
/// its own key-share frame, signed by its identity key, with the Merkle path that places the
/// frame in a finalized block. The frame rules take such a frame into a block (once per
/// participant and height) instead of refusing it, so the chain itself records the offence and
/// the share never counts towards a reveal.
public struct BadKeyShareEvidence: Sendable, Equatable {
    /// The key-share frame.
    public var frame: Frame
    /// The height of the finalized block carrying it.
    public var height: UInt64
    /// The frame's path to that block's `framesRoot`.
    public var proof: MerkleProof

    /// Creates evidence.
    public init(frame: Frame, height: UInt64, proof: MerkleProof) {
        self.frame = frame
        self.height = height
        self.proof = proof
    }

    /// The evidence for the frame at `index` of a finalized block's `frames` at `height`.
    public init(frames: [Frame], index: Int, height: UInt64) {
        self.init(frame: frames[index], height: height, proof: FrameInclusion(frames: frames, index: index, height: height).proof)
    }

    /// Checks the evidence: the frame is in the finalized block `header` (at `height`), it is a
    /// key-share frame from a validator service to itself signed by the identity key of the
    /// participant its share names (`committee[j − 1]`), and that share does not verify against
    /// `epochKey` (the key of the message's key epoch) for its height. Returns the participant j.
    public func verify(header: Header, chainID: String, epochKey: EpochPublicKey, committee: [[UInt8]]) throws(TypesError)
        -> UInt32
    {
        guard header.chainID == chainID,
            FrameInclusion(envelope: frame.envelope, height: height, proof: proof).isIncluded(in: header)
        else { throw .invalid("the frame is not in the finalized block at height \(height)") }
        guard frame.header.kind == .keyShare, frame.header.source == frame.header.destination else {
            throw .invalid("not a key-share frame from a validator service to itself")
        }
        let m: KeyShareMessage
        do { m = try KeyShareMessage(canonicalBytes: frame.sealedPayload) } catch { throw .invalid("\(error)") }
        let j = m.share.index
        guard j >= 1, Int(j) <= committee.count, let key = try? Ed25519PublicKey(bytes: committee[Int(j) - 1]),
            frame.isSigned(by: key)
        else { throw .invalid("the frame is not signed by the identity key of participant \(j)") }
        guard m.height < height else { throw .invalid("a share for height \(m.height) cannot be carried at \(height)") }
        guard epochKey.shareKeys.count == committee.count else {
            throw .invalid("the epoch key has \(epochKey.shareKeys.count) participants, the committee \(committee.count)")
        }
        guard !epochKey.verifies(m.share, for: EncryptionIdentity.height(m.height, epoch: m.keyEpoch, chainID: chainID)) else {
            throw .invalid("participant \(j)'s share for height \(m.height) verifies: it is not bad")
        }
        return j
    }
}

extension BadKeyShareEvidence: CBORCodable {
    /// `[1, frame, height, proof]`.
    public var cborFields: [CBOR] { [.unsigned(1), frame.cbor, .unsigned(height), proof.cbor] }

    /// Decodes.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("BadKeyShareEvidence.version: only version 1 is defined") }
        frame = try f.next("frame", as: Frame.self)
        height = try f.nextUInt("height")
        proof = try f.next("proof", as: MerkleProof.self)
    }
}
