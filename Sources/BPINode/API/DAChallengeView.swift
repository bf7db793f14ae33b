import BPICodec
import BPIFrames
import BPIHash
import BPITypes

/// A data-availability challenge as a node knows it (`GET /v1/da/challenges[/{id}]`, docs/SPEC.md
/// §15.8): the shard it names, who challenged whom, when it was finalized and its deadline, and
/// its status — `open` (awaiting an answer), `answered` (a valid response was finalized by the
/// deadline) or `faulted` (the block at `faultHeight` carries the evidence, `evidence` its
/// canonical CBOR in hex).
public struct DAChallengeView: Codable, Sendable, Equatable {
    public var id: String
    public var objectID: String
    public var chunk: UInt64
    public var shard: UInt64
    public var storer: String
    public var challenger: String
    public var height: UInt64
    public var deadline: UInt64
    public var status: String
    public var faultHeight: UInt64?
    public var evidence: String?

    /// The view of an open challenge.
    public init(_ c: DALedger.OpenChallenge) {
        self.init(challenge: c.challenge, frame: c.frame, status: "open")
    }

    /// The view of a faulted challenge, carried by the block at `height`.
    public init(fault: DAFaultEvidence, height: UInt64) {
        self.init(challenge: fault.challenge, frame: fault.challengeFrame, status: "faulted")
        faultHeight = height
        evidence = Hex.encode(fault.canonicalBytes())
    }

    /// A view.
    public init(challenge: DAChallenge, frame: FrameInclusion, status: String) {
        id = frame.envelope.id.description
        objectID = challenge.objectID.description
        chunk = challenge.chunk
        shard = challenge.shard
        storer = frame.envelope.header.destination.description
        challenger = frame.envelope.header.source.description
        height = frame.height
        deadline = DAChallenge.deadline(challengedAt: frame.height)
        self.status = status
    }
}
