import BPICodec
import BPIHash
import BPITypes

/// The rules da-challenge and da-response frames meet before they are ordered (docs/SPEC.md
/// §15.8), against the data-availability state of the finalized chain. A challenge names a shard
/// of an object committed in an earlier block, is sent to that object's storer by another
/// service, and is the only open challenge of that shard. A response answers an open challenge
/// from its storer to its challenger by the challenge's deadline, with the very shard, its header
/// and a path to the object's root — checked in full here, so an answered challenge is always a
/// truly answered one.
public enum DAChallengeRules {
    /// Checks a da-challenge frame; returns the challenge.
    @discardableResult
    public static func checkChallenge(_ frame: Frame, state: DALedger) throws(FrameError) -> DAChallenge {
        let challenge: DAChallenge
        do {
            challenge = try DAChallenge(canonicalBytes: frame.sealedPayload)
        } catch {
            throw .badDAChallenge("the payload is not a canonical DAChallenge: \(error)")
        }
        guard let commitment = state.commitments[challenge.objectID] else {
            throw .badDAChallenge("object \(challenge.objectID) is not committed in a finalized block")
        }
        guard frame.header.destination == commitment.storer else {
            throw .badDAChallenge("a challenge goes to the object's storer, service \(commitment.storer)")
        }
        guard frame.header.source != frame.header.destination else {
            throw .badDAChallenge("a storer does not challenge itself")
        }
        if let why = challenge.refusal(object: commitment.object) { throw .badDAChallenge(why) }
        guard !state.isChallenged(object: challenge.objectID, position: challenge.position) else {
            throw .badDAChallenge("shard \(challenge.position) of \(challenge.objectID) already has an open challenge")
        }
        return challenge
    }

    /// Checks a da-response frame for the block at `height`; returns the response.
    @discardableResult
    public static func checkResponse(_ frame: Frame, state: DALedger, height: UInt64) throws(FrameError) -> DAResponse {
        let response: DAResponse
        do {
            response = try DAResponse(canonicalBytes: frame.sealedPayload)
        } catch {
            throw .badDAResponse("the payload is not a canonical DAResponse: \(error)")
        }
        guard let open = state.open[response.challengeID] else {
            throw .badDAResponse("challenge \(response.challengeID) is not open (never made, answered, or past its deadline)")
        }
        guard open.deadline >= height else {
            throw .badDAResponse("challenge \(response.challengeID) was due by height \(open.deadline); this is \(height)")
        }
        guard frame.header.source == open.storer, frame.header.destination == open.challenger else {
            throw .badDAResponse("a response goes from the challenged storer to the challenger")
        }
        guard let commitment = state.commitments[open.challenge.objectID] else {
            throw .badDAResponse("the challenged object is not committed")
        }
        if let why = response.refusal(challenge: open.challenge, object: commitment.object) { throw .badDAResponse(why) }
        return response
    }
}
