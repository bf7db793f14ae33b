import BPIHash
import BPITypes

/// The data-availability state a frame ledger derives from the finalized chain (docs/SPEC.md
/// §15.8): every committed object with its storer and commit frame, and the open challenges with
/// their frames. A challenge leaves it when a valid response is finalized (answered) or when its
/// deadline passes (the next block carries its `DAFaultEvidence`). Deterministic: validators
/// holding the same chain hold the same state and so agree on which faults a block must carry.
public struct DALedger: Sendable, Equatable {
    /// A committed object and the frame that committed it.
    public struct Commitment: Sendable, Equatable {
        public var object: DAObject
        public var frame: FrameInclusion
        /// The storer: the committing service.
        public var storer: Hash32 { frame.envelope.header.source }
    }

    /// An open challenge.
    public struct OpenChallenge: Sendable, Equatable {
        public var challenge: DAChallenge
        public var frame: FrameInclusion
        /// The challenger.
        public var challenger: Hash32 { frame.envelope.header.source }
        /// The storer it names.
        public var storer: Hash32 { frame.envelope.header.destination }
        /// The last height at which an answer counts.
        public var deadline: UInt64 { DAChallenge.deadline(challengedAt: frame.height) }
    }

    /// Objects by id (the first commitment of an id counts; a later one of the same id is refused).
    public private(set) var commitments: [Hash32: Commitment] = [:]
    /// Open challenges by challenge (frame) id.
    public private(set) var open: [Hash32: OpenChallenge] = [:]
    /// Challenges answered in time, and challenges that became fault evidence, in the chain so far.
    public private(set) var answeredCount: UInt64 = 0
    public private(set) var faultCount: UInt64 = 0
    /// The shards with an open challenge (one open challenge per shard).
    private var challenged: Set<ShardKey> = []

    /// A shard of an object.
    struct ShardKey: Hashable {
        var object: Hash32
        var position: ShardPosition

        init(object: Hash32, position: ShardPosition) {
            self.object = object
            self.position = position
        }

        /// The shard a challenge names.
        init(_ c: DAChallenge) { self.init(object: c.objectID, position: c.position) }
    }

    /// An empty state.
    public init() {}

    /// Whether the shard at `position` of `object` has an open challenge.
    public func isChallenged(object: Hash32, position: ShardPosition) -> Bool {
        challenged.contains(ShardKey(object: object, position: position))
    }

    /// The evidence the block at `height` must carry, in challenge-id order: every open challenge
    /// whose deadline is before `height`.
    public func dueFaults(at height: UInt64) -> [DAFaultEvidence] {
        open.values.filter { $0.deadline < height }
            .sorted { $0.frame.envelope.id.bytes.lexicographicallyPrecedes($1.frame.envelope.id.bytes) }
            .compactMap { c in
                guard let commitment = commitments[c.challenge.objectID] else { return nil }
                return DAFaultEvidence(
                    object: commitment.object, commit: commitment.frame, challenge: c.challenge, challengeFrame: c.frame)
            }
    }

    /// Closes the challenges due before `height` (their faults are in the block at `height`).
    public mutating func closeDue(at height: UInt64) {
        for (id, c) in open where c.deadline < height {
            close(id)
            faultCount += 1
        }
    }

    /// Records the commitments, challenges and answers of a block at `height` whose frames the
    /// frame rules accepted, in frame order (after `closeDue(at: height)`).
    public mutating func record(block frames: [Frame], height: UInt64) {
        guard frames.contains(where: { [.daCommit, .daChallenge, .daResponse].contains($0.header.kind) }) else { return }
        // One frame-id tree for the block's inclusions, built only when one is needed.
        var built: MerkleTree?
        func inclusion(_ i: Int) -> FrameInclusion {
            let tree = built ?? MerkleTree(leafHashes: frames.map(\.id))
            built = tree
            return FrameInclusion(frames: frames, tree: tree, index: i, height: height)
        }
        for (i, frame) in frames.enumerated() {
            switch frame.header.kind {
            case .daCommit:
                guard let object = try? DAObject(canonicalBytes: frame.sealedPayload), commitments[object.id] == nil else {
                    continue
                }
                commitments[object.id] = Commitment(object: object, frame: inclusion(i))
            case .daChallenge:
                guard let challenge = try? DAChallenge(canonicalBytes: frame.sealedPayload) else { continue }
                open[frame.id] = OpenChallenge(challenge: challenge, frame: inclusion(i))
                challenged.insert(ShardKey(challenge))
            case .daResponse:
                guard let response = try? DAResponse(canonicalBytes: frame.sealedPayload), open[response.challengeID] != nil
                else { continue }
                close(response.challengeID)
                answeredCount += 1
            default: continue
            }
        }
    }

    private mutating func close(_ id: Hash32) {
        guard let c = open.removeValue(forKey: id) else { return }
        challenged.remove(ShardKey(c.challenge))
    }
}
