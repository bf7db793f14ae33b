import BPICodec
import BPIHash

/// The payload of a da-challenge frame (docs/SPEC.md §15.8): a registered service (the
/// challenger) names one shard of a committed object and sends the frame to the object's storer —
/// the service whose da-commit frame committed it. The storer must answer with a da-response
/// frame carrying the shard and its proof within `answerWindow` heights of the challenge's
/// height, or the next block carries a `DAFaultEvidence` against it. Canonical CBOR
/// `[1, objectID, chunk, shard]`.
public struct DAChallenge: Sendable, Equatable, Hashable {
    public var version: UInt64 = 1
    /// The challenged object.
    public var objectID: Hash32
    /// The chunk of the challenged shard.
    public var chunk: UInt64
    /// The shard's index within its chunk.
    public var shard: UInt64

    /// Heights a storer has to answer: a challenge finalized at height h is answered in time by a
    /// response finalized at a height ≤ h + `answerWindow` (its deadline); the block at the
    /// deadline + 1 carries the fault otherwise.
    public static let answerWindow: UInt64 = 64

    /// A challenge.
    public init(objectID: Hash32, chunk: UInt64, shard: UInt64) {
        self.objectID = objectID
        self.chunk = chunk
        self.shard = shard
    }

    /// The shard's position.
    public var position: ShardPosition { ShardPosition(chunk: chunk, shard: shard) }

    /// The last height at which an answer to a challenge finalized at `height` counts.
    /// Saturates at the largest height (a decoded fault may name any height).
    public static func deadline(challengedAt height: UInt64) -> UInt64 {
        height > UInt64.max - answerWindow ? UInt64.max : height + answerWindow
    }

    /// Why this challenge cannot name a shard of `object`, or nil.
    public func refusal(object: DAObject) -> String? {
        guard objectID == object.id else { return "the challenge names another object" }
        guard chunk < object.chunkCount, shard < object.n else {
            return "object \(objectID) has no shard \(shard) of chunk \(chunk) (\(object.chunkCount) chunks of \(object.n))"
        }
        return nil
    }
}

extension DAChallenge: CBORCodable {
    public var cborFields: [CBOR] { [.unsigned(version), .bytes(objectID.bytes), .unsigned(chunk), .unsigned(shard)] }

    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("DAChallenge.version: 1") }
        objectID = Hash32(try f.nextBytes("objectID", count: 32))!
        chunk = try f.nextUInt("chunk")
        shard = try f.nextUInt("shard")
        guard shard < DAObject.maxShards else { throw .schema("DAChallenge.shard: below \(DAObject.maxShards)") }
    }
}
