import BPICodec
import BPIHash

/// Evidence that a storer withheld a shard it committed (docs/SPEC.md §15.8): the object, the
/// storer's da-commit frame and the da-challenge frame naming one of its shards, each with its
/// place in the finalized chain. The block at the challenge's deadline + 1 carries it, in the
/// list `evidenceRoot` commits to beside equivocation evidence, exactly when no valid
/// da-response was finalized by the deadline — a rule every validator checks against the chain
/// before it prepares the block, so a verified header vouches for the absence of an answer.
/// Canonical CBOR `[1, object, commit, challenge, challengeFrame]`.
public struct DAFaultEvidence: Sendable, Equatable {
    public var version: UInt64 = 1
    /// The committed object.
    public var object: DAObject
    /// The storer's da-commit frame.
    public var commit: FrameInclusion
    /// The unanswered challenge.
    public var challenge: DAChallenge
    /// The da-challenge frame that carried it.
    public var challengeFrame: FrameInclusion

    /// Evidence.
    public init(object: DAObject, commit: FrameInclusion, challenge: DAChallenge, challengeFrame: FrameInclusion) {
        self.object = object
        self.commit = commit
        self.challenge = challenge
        self.challengeFrame = challengeFrame
    }

    /// The offending storer: the service that committed the object.
    public var storer: Hash32 { commit.envelope.header.source }

    /// The challenger.
    public var challenger: Hash32 { challengeFrame.envelope.header.source }

    /// The challenge's id (its frame's id).
    public var challengeID: Hash32 { challengeFrame.envelope.id }

    /// The last height at which an answer counted.
    public var deadline: UInt64 { DAChallenge.deadline(challengedAt: challengeFrame.height) }

    /// Why this is not well-formed evidence carried at height `height`, or nil. Checks everything
    /// but the two frames' inclusion in their headers (`FrameInclusion.isIncluded(in:)`, with the
    /// verified headers at `commit.height` and `challengeFrame.height`): the commit frame is a
    /// da-commit of exactly this object from the storer to itself; the challenge frame is a
    /// da-challenge of exactly this challenge, to the storer, naming a shard the object has,
    /// finalized after the commit; and `height` is the deadline + 1.
    public func refusal(carriedAt height: UInt64) -> String? {
        let c = commit.envelope.header
        guard c.kind == .daCommit, c.source == c.destination else {
            return "the commit frame is not a da-commit from a service to itself"
        }
        guard commit.envelope.payloadHash == HashAlgorithm.blake3.hash(object.canonicalBytes(), tag: .framePayload) else {
            return "the commit frame does not carry this object"
        }
        let q = challengeFrame.envelope.header
        guard q.kind == .daChallenge, q.destination == c.source else {
            return "the challenge frame is not a da-challenge to the object's storer"
        }
        guard challengeFrame.envelope.payloadHash == HashAlgorithm.blake3.hash(challenge.canonicalBytes(), tag: .framePayload)
        else {
            return "the challenge frame does not carry this challenge"
        }
        if let why = challenge.refusal(object: object) { return why }
        guard commit.height < challengeFrame.height else { return "the challenge is not after the commitment" }
        guard deadline < UInt64.max, height == deadline + 1 else {
            return "evidence for a challenge due at height \(deadline) belongs at height \(deadline + 1), not \(height)"
        }
        return nil
    }
}

extension DAFaultEvidence: CBORCodable {
    public var cborFields: [CBOR] { [.unsigned(version), object.cbor, commit.cbor, challenge.cbor, challengeFrame.cbor] }

    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("DAFaultEvidence.version: 1") }
        object = try f.next("object", as: DAObject.self)
        commit = try f.next("commit", as: FrameInclusion.self)
        challenge = try f.next("challenge", as: DAChallenge.self)
        challengeFrame = try f.next("challengeFrame", as: FrameInclusion.self)
    }
}
