import BPICodec
import BPIFrames
import BPITypes

/// What `GET /v1/epoch` answers (docs/SPEC.md §16.5): the key that serves the next height — what
/// a client encrypts to — and the key generation in progress, as of the finalized chain.
public struct EpochView: Codable, Sendable, Equatable {
    /// The key generation in progress at the next height.
    public struct Generation: Codable, Sendable, Equatable {
        public var keyEpoch: UInt64
        public var phase: String
        public var committee: Int
        public var threshold: Int
        public var dealings: [UInt32]
        public var complaints: Int
        public var justifications: Int
        /// The height whose block decides the key.
        public var decidingHeight: UInt64
    }

    /// The latest finalized height.
    public var height: UInt64
    /// Blocks per key epoch.
    public var epochLength: UInt64
    /// The key epoch of the next height.
    public var epoch: UInt64
    /// The key epoch whose key serves the next height (null: none yet, encryption unavailable).
    public var servingEpoch: UInt64?
    /// Shares needed to reveal.
    public var threshold: Int?
    /// Participants of the serving key.
    public var committee: Int?
    /// The master key, compressed G2, hex (what `bpi frame send --encrypt` encrypts to).
    public var masterKey: String?
    /// Participants whose dealings made the serving key.
    public var qualified: [UInt32]?
    /// The serving key, canonical `EpochPublicKey` CBOR, hex.
    public var epochKey: String?
    /// The first `epoch-key` frame that put the serving key on the chain, and the height of the
    /// block carrying it (null until one is finalized).
    public var epochKeyFrame: String?
    public var epochKeyCarriedAt: UInt64?
    /// Key epochs whose generation failed.
    public var failed: [UInt64]
    /// Heights with encrypted frames waiting for their key.
    public var waiting: [UInt64]
    /// Heights revealed so far.
    public var revealed: Int
    /// The generation in progress, if any.
    public var generation: Generation?

    /// The view of `ledger` after `height`, for `context` (the set signing the next block).
    public init(ledger t: ThresholdLedger, height: UInt64, context: ThresholdContext) {
        let next = height + 1
        self.height = height
        epochLength = t.schedule.length
        epoch = t.schedule.epoch(of: next)
        servingEpoch = t.servingEpoch(for: next)
        if let e = servingEpoch, let key = t.keys[e] {
            threshold = key.threshold
            committee = key.shareKeys.count
            masterKey = Hex.encode(key.masterKey.compressed)
            qualified = t.decided[e]?.transcript.qualified
            epochKey = Hex.encode(key.canonicalBytes())
            epochKeyFrame = t.keyFrames[e]?.frameID.description
            epochKeyCarriedAt = t.keyFrames[e]?.carriedAt
        }
        failed = t.failed.sorted()
        waiting = t.waitingHeights
        revealed = t.revealed.count
        if let (e, phase, g) = t.generation(at: next, context: context) {
            generation = Generation(
                keyEpoch: e, phase: phase.description, committee: g.committee.count, threshold: g.transcript.parameters.threshold,
                dealings: g.transcript.dealings.keys.sorted(), complaints: g.transcript.complaints.count,
                justifications: g.transcript.justifications.count, decidingHeight: t.schedule.decidingHeight(of: e))
        }
    }
}

/// What `GET /v1/frames/{id}/opening` answers for an encrypted frame: waiting for its height's
/// key, opened (with the plaintext) or undecryptable (§16.5).
public struct OpeningView: Codable, Sendable, Equatable {
    public var id: String
    /// `waiting`, `opened` or `undecryptable`.
    public var status: String
    /// The opened bytes, hex.
    public var plaintext: String?
}
