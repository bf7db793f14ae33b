import BPICrypto
import BPIHash
import BPIRules
import BPIThreshold
import BPITypes
import Foundation

/// The chain's threshold-encryption state, derived from finalized frames (docs/SPEC.md §16.5):
/// key generations in progress (their transcripts), decided epoch keys, encrypted frames waiting
/// for their height's key, key shares gathered, revealed keys, and what each encrypted frame
/// opened to. Deterministic: every validator applying the same blocks holds the same state.
///
/// Who can send what: a validator (through the service whose signing key is its identity key)
/// may deal badly, deal twice, complain falsely, answer complaints wrongly or not at all, withhold
/// its key share or publish a wrong one, or publish a share before the height is final; any
/// service may send ciphertexts that do not open, to heights far ahead or already revealed, or
/// copy another sender's ciphertext. Every such frame is refused here or recorded harmlessly.
public struct ThresholdLedger: Sendable, Equatable {
    /// One key generation: its committee (identity keys by participant index − 1) and transcript.
    public struct Generation: Sendable, Equatable {
        /// Identity keys of the committee, participant j at j − 1.
        public let committee: [[UInt8]]
        /// The public record so far.
        public internal(set) var transcript: DKGTranscript
    }

    /// An encrypted frame waiting for its key.
    struct Waiting: Sendable, Equatable {
        let frameID: Hash32
        let headerHash: Hash32
        let payload: EncryptedPayload
    }

    /// The schedule of key epochs.
    public let schedule: KeyEpochSchedule
    /// Key generations in progress, by the key epoch they generate.
    public private(set) var generations: [UInt64: Generation] = [:]
    /// Decided epoch keys, by key epoch.
    public private(set) var keys: [UInt64: EpochPublicKey] = [:]
    /// The finished generation (committee and transcript) of each decided key: a validator forms
    /// its secret share from it, and key shares are checked against its committee.
    public private(set) var decided: [UInt64: Generation] = [:]
    /// Key epochs whose generation failed (the previous key serves on).
    public private(set) var failed: Set<UInt64> = []
    /// Encrypted frames by target height, in committed order, until their key is revealed.
    private(set) var waiting: [UInt64: [Waiting]] = [:]
    /// Key shares the block being applied carries, by height, not yet checked: `finish` checks
    /// them all at once (a batch check, two pairings for any number).
    private var candidates: [UInt64: [Candidate]] = [:]
    /// Valid key shares gathered per height, until the key forms.
    public private(set) var shares: [UInt64: [DecryptionKeyShare]] = [:]
    /// Revealed decryption keys, by height.
    public private(set) var revealed: [UInt64: DecryptionKey] = [:]
    /// What each encrypted frame opened to, by frame id.
    public private(set) var openings: [Hash32: FrameOpening] = [:]
    /// Key shares that went into reveals, per key epoch and participant: a validator that
    /// withholds its shares stays at 0 while the others count up (`/metrics`).
    public private(set) var contributions: [UInt64: [UInt32: UInt64]] = [:]
    /// Frames opened when each height's block was applied, in committed order (what that block executes first).
    public private(set) var openedAt: [UInt64: [Hash32]] = [:]
    /// Key shares that did not verify, in chain order: each is evidence against its participant
    /// (`BadKeyShareEvidence`), and none counts towards a reveal.
    public private(set) var badShares: [BadShare] = []
    /// Where each decided key was first put on the chain (its first `epoch-key` frame), by key
    /// epoch: bad-key-share evidence points a third party there for the key.
    public private(set) var keyFrames: [UInt64: KeyFrame] = [:]
    /// The participants whose `epoch-key` frame for each key epoch the chain carries (one each).
    public private(set) var keyAnnouncers: [UInt64: Set<UInt32>] = [:]

    /// An `epoch-key` frame the chain carries.
    public struct KeyFrame: Sendable, Equatable {
        /// The frame.
        public let frameID: Hash32
        /// The block that carried it.
        public let carriedAt: UInt64
    }

    /// A key share carried by the block being applied, checked at its end.
    struct Candidate: Sendable, Equatable {
        let share: DecryptionKeyShare
        let keyEpoch: UInt64
        let frameID: Hash32
    }

    /// A key-share frame a block carried whose share did not verify.
    public struct BadShare: Sendable, Equatable {
        /// The frame.
        public let frameID: Hash32
        /// The block that carried it.
        public let carriedAt: UInt64
        /// The key epoch and height the share claims to be for.
        public let keyEpoch: UInt64
        public let height: UInt64
        /// The participant it names (its signer).
        public let participant: UInt32
    }

    /// Most encrypted frames that may target one height. Each reveal opens at most this many, at a
    /// pairing each, on every core: 128 opens in ≈ 70–130 ms on this project's 2-core machine,
    /// inside one 250 ms block, so decryption never lags finality (`bpi bench --only threshold`).
    public static let maxEncryptedPerHeight = 128

    /// An empty ledger.
    public init(schedule: KeyEpochSchedule = .standard) { self.schedule = schedule }

    /// The key epoch whose key serves `height`: the latest decided one at or below the height's epoch.
    public func servingEpoch(for height: UInt64) -> UInt64? {
        var e = schedule.epoch(of: height)
        while e >= 1 {
            if keys[e] != nil { return e }
            e -= 1
        }
        return nil
    }

    /// Whether a finalized encrypted frame with this id waits for its key.
    public func isWaiting(_ id: Hash32) -> Bool { waiting.values.contains { $0.contains { $0.frameID == id } } }

    /// Heights with encrypted frames waiting for their key, ascending.
    public var waitingHeights: [UInt64] { waiting.keys.sorted() }

    /// The committee and transcript of the key generation a block at `height` may add to, if one
    /// is in its phase there (created from the context's set at the generation's first block).
    public func generation(at height: UInt64, context: ThresholdContext) -> (keyEpoch: UInt64, phase: KeyGenPhase, Generation)? {
        guard let (e, phase) = schedule.phase(at: height) else { return nil }
        if let g = generations[e] { return (e, phase, g) }
        guard phase == .dealing else { return nil }
        let committee = context.validators.validators.map(\.identityKey)
        let session = KeyEpochSchedule.session(chainID: context.chainID, keyEpoch: e, setHash: context.validators.hash)
        let n = committee.count
        guard let parameters = try? ThresholdParameters(n: n, threshold: ThresholdParameters.bftThreshold(n: n), session: session)
        else { return nil }
        return (e, phase, Generation(committee: committee, transcript: DKGTranscript(parameters: parameters)))
    }

    /// Checks a keygen, key-share or encrypted frame for the block at `height`; throws the first failure.
    func check(_ frame: Frame, sender: ServiceEntry, height: UInt64, context: ThresholdContext?) throws(FrameError) {
        switch frame.header.kind {
        case .keygen: _ = try checkKeyGen(frame, sender: sender, height: height, context: context)
        case .keyShare: _ = try checkKeyShare(frame, sender: sender, height: height, context: context)
        case .encrypted: _ = try checkEncrypted(frame, height: height)
        case .epochKey: _ = try checkEpochKey(frame, sender: sender)
        default: return
        }
    }

    /// Records a frame `check` accepted (a no-op for other kinds): no signature is verified again;
    /// a key share waits for the end of the block, where all are checked against their public shares together.
    mutating func record(_ frame: Frame, height: UInt64, context: ThresholdContext?) {
        switch frame.header.kind {
        case .keygen:
            guard let context, let m = try? KeyGenMessage(canonicalBytes: frame.sealedPayload),
                let (e, _, found) = generation(at: height, context: context)
            else { return }
            var g = found
            try? g.transcript.add(m.body)
            generations[e] = g
        case .keyShare:
            guard let m = try? KeyShareMessage(canonicalBytes: frame.sealedPayload) else { return }
            candidates[m.height, default: []].append(Candidate(share: m.share, keyEpoch: m.keyEpoch, frameID: frame.id))
        case .encrypted:
            guard let p = try? EncryptedPayload(canonicalBytes: frame.sealedPayload) else { return }
            waiting[p.targetHeight, default: []].append(Waiting(frameID: frame.id, headerHash: frame.headerHash, payload: p))
        case .epochKey:
            guard let m = try? EpochKeyMessage(canonicalBytes: frame.sealedPayload) else { return }
            keyAnnouncers[m.keyEpoch, default: []].insert(m.participant)
            if keyFrames[m.keyEpoch] == nil { keyFrames[m.keyEpoch] = KeyFrame(frameID: frame.id, carriedAt: height) }
        default: return
        }
    }

    /// End of the block at `height`: starts the generation whose dealing phase opens here, decides
    /// the key whose last phase closes here, and reveals every height with enough shares, opening
    /// its frames in committed order (on every core). With `open` false — a validity check whose
    /// result is thrown away — the block's key shares are neither checked nor revealed.
    mutating func finish(height: UInt64, context: ThresholdContext?, open: Bool = true) {
        if let context, let (e, _, g) = generation(at: height, context: context), generations[e] == nil { generations[e] = g }
        for (e, g) in generations where schedule.decidingHeight(of: e) <= height {
            if let key = try? g.transcript.epochKey() {
                keys[e] = key
                decided[e] = g
            } else {
                failed.insert(e)
            }
            generations[e] = nil
        }
        // A validity check's copy is thrown away after this block: it needs neither the shares'
        // checks nor the reveal (a bad share does not make a block invalid).
        guard open else {
            candidates = [:]
            return
        }
        checkCandidates(carriedAt: height, chainID: context?.chainID)
        var opened: [Hash32] = []
        for h in shares.keys.sorted() {
            guard let waitingFrames = waiting[h], let e = servingEpoch(for: h), let key = keys[e], let chainID = context?.chainID,
                let k = RevealRule.key(
                    from: shares[h]!, epochKey: key, identity: EncryptionIdentity.height(h, epoch: e, chainID: chainID))
            else { continue }
            revealed[h] = k
            for share in shares[h]! { contributions[e, default: [:]][share.index, default: 0] += 1 }
            shares[h] = nil
            waiting[h] = nil
            for (w, opening) in zip(waitingFrames, Self.open(waitingFrames, with: k, chainID: chainID)) {
                openings[w.frameID] = opening
            }
            opened.append(contentsOf: waitingFrames.map(\.frameID))
        }
        if !opened.isEmpty { openedAt[height] = opened }
    }

    /// Checks the key shares the block at `height` carried, per target height together
    /// (`EpochPublicKey.partition`: a batch check, one by one only when it fails): those that
    /// verify are gathered, the others recorded as bad shares, in block order.
    private mutating func checkCandidates(carriedAt height: UInt64, chainID: String?) {
        defer { candidates = [:] }
        guard let chainID else { return }
        for h in candidates.keys.sorted() {
            let carried = candidates[h]!
            guard let e = carried.first?.keyEpoch, let key = keys[e] else { continue }
            let (valid, invalid) = key.partition(
                carried.map(\.share), for: EncryptionIdentity.height(h, epoch: e, chainID: chainID))
            if !valid.isEmpty { shares[h, default: []] += valid }
            let bad = Set(invalid)
            for c in carried where bad.contains(c.share.index) {
                badShares.append(
                    BadShare(frameID: c.frameID, carriedAt: height, keyEpoch: e, height: h, participant: c.share.index))
            }
        }
    }

    /// Opens frames with their height's key on every core; the result is in input order.
    static func open(_ frames: [Waiting], with key: DecryptionKey, chainID: String) -> [FrameOpening] {
        let results = OpeningSlots(count: frames.count)
        DispatchQueue.concurrentPerform(iterations: frames.count) { i in
            results.set(i, FrameOpening.of(frames[i].payload, frameHeaderHash: frames[i].headerHash, key: key, chainID: chainID))
        }
        return results.values
    }

    /// Result slots the opening workers fill, one each.
    final class OpeningSlots: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [FrameOpening]
        init(count: Int) { slots = Array(repeating: .undecryptable, count: count) }
        func set(_ i: Int, _ value: FrameOpening) { lock.withLock { slots[i] = value } }
        var values: [FrameOpening] { lock.withLock { slots } }
    }

    private func checkKeyGen(_ frame: Frame, sender: ServiceEntry, height: UInt64, context: ThresholdContext?) throws(FrameError)
        -> (
            UInt64, Generation
        )
    {
        guard frame.header.source == frame.header.destination else {
            throw .badKeyGen("a keygen frame goes from a validator's service to itself")
        }
        guard let context else { throw .badKeyGen("this ledger checks frames without a validator set") }
        let message: KeyGenMessage
        do { message = try KeyGenMessage(canonicalBytes: frame.sealedPayload) } catch { throw .badKeyGen("\(error)") }
        guard let (e, phase, g) = generation(at: height, context: context) else {
            throw .badKeyGen("no key generation is in a phase at height \(height)")
        }
        guard message.keyEpoch == e, message.body.phase == phase else {
            throw .badKeyGen(
                "height \(height) takes \(phase) messages for key epoch \(e), not \(message.body.phase) for \(message.keyEpoch)")
        }
        let author = message.body.author
        guard Self.isParticipant(author, of: g.committee, signedBy: sender) else {
            throw .badKeyGen("participant \(author) of key epoch \(e) is not the validator whose identity key signs this frame")
        }
        var next = g
        do {
            try next.transcript.add(message.body)
        } catch {
            throw .badKeyGen("\(error)")
        }
        return (e, next)
    }

    private func checkKeyShare(_ frame: Frame, sender: ServiceEntry, height: UInt64, context: ThresholdContext?)
        throws(FrameError)
        -> KeyShareMessage
    {
        guard frame.header.source == frame.header.destination else {
            throw .badKeyShare("a key-share frame goes from a validator's service to itself")
        }
        let m: KeyShareMessage
        do { m = try KeyShareMessage(canonicalBytes: frame.sealedPayload) } catch { throw .badKeyShare("\(error)") }
        guard m.height < height else {
            throw .badKeyShare("height \(m.height) is not final before \(height): its key must not be revealed yet")
        }
        guard waiting[m.height] != nil else { throw .badKeyShare("no encrypted frame waits for height \(m.height)'s key") }
        guard servingEpoch(for: m.height) == m.keyEpoch, keys[m.keyEpoch] != nil,
            let committee = decided[m.keyEpoch]?.committee
        else {
            throw .badKeyShare("key epoch \(m.keyEpoch) does not serve height \(m.height)")
        }
        let j = m.share.index
        guard Self.isParticipant(j, of: committee, signedBy: sender) else {
            throw .badKeyShare(
                "participant \(j) of key epoch \(m.keyEpoch) is not the validator whose identity key signs this frame")
        }
        guard !(shares[m.height] ?? []).contains(where: { $0.index == m.share.index }),
            !(candidates[m.height] ?? []).contains(where: { $0.share.index == m.share.index }),
            !badShares.contains(where: { $0.height == m.height && $0.participant == m.share.index })
        else {
            throw .badKeyShare("participant \(j) already published its share for height \(m.height)")
        }
        guard context != nil else { throw .badKeyShare("this ledger checks frames without a chain context") }
        // Whether the share verifies is decided when the frame is recorded: a share that does not
        // is carried as evidence against its signer (`BadKeyShareEvidence`), not refused.
        return m
    }

    /// Whether `sender` signs with the identity key of participant j of `committee` (`committee[j − 1]`).
    private static func isParticipant(_ j: UInt32, of committee: [[UInt8]], signedBy sender: ServiceEntry) -> Bool {
        j >= 1 && Int(j) <= committee.count && committee[Int(j) - 1] == sender.signingKey.bytes
    }

    private func checkEpochKey(_ frame: Frame, sender: ServiceEntry) throws(FrameError) -> EpochKeyMessage {
        guard frame.header.source == frame.header.destination else {
            throw .badEpochKey("an epoch-key frame goes from a validator's service to itself")
        }
        let m: EpochKeyMessage
        do { m = try EpochKeyMessage(canonicalBytes: frame.sealedPayload) } catch { throw .badEpochKey("\(error)") }
        guard let key = keys[m.keyEpoch], let committee = decided[m.keyEpoch]?.committee else {
            throw .badEpochKey("key epoch \(m.keyEpoch) has no decided key (see bpi epoch show)")
        }
        let j = m.participant
        guard Self.isParticipant(j, of: committee, signedBy: sender) else {
            throw .badEpochKey(
                "participant \(j) of key epoch \(m.keyEpoch) is not the validator whose identity key signs this frame")
        }
        guard m.key == key else {
            throw .badEpochKey("the key is not the one key epoch \(m.keyEpoch)'s finalized key generation decided")
        }
        guard !(keyAnnouncers[m.keyEpoch] ?? []).contains(m.participant) else {
            throw .badEpochKey("participant \(j) already put key epoch \(m.keyEpoch)'s key on the chain")
        }
        return m
    }

    private func checkEncrypted(_ frame: Frame, height: UInt64) throws(FrameError) -> EncryptedPayload {
        let p: EncryptedPayload
        do { p = try EncryptedPayload(canonicalBytes: frame.sealedPayload) } catch { throw .badEncrypted("\(error)") }
        guard p.targetHeight >= height else {
            throw .badEncrypted(
                "target height \(p.targetHeight) is already final (this block is \(height)): its key may be public")
        }
        guard p.targetHeight - height <= schedule.length else {
            throw .badEncrypted("target height \(p.targetHeight) is more than \(schedule.length) blocks ahead of \(height)")
        }
        guard let e = servingEpoch(for: p.targetHeight), keys[e] != nil else {
            throw .badEncrypted("no epoch key serves height \(p.targetHeight) yet (see bpi epoch show)")
        }
        guard p.keyEpoch == e else {
            throw .badEncrypted("height \(p.targetHeight) is served by key epoch \(e), not \(p.keyEpoch)")
        }
        guard (waiting[p.targetHeight]?.count ?? 0) < Self.maxEncryptedPerHeight else {
            throw .badEncrypted(
                "height \(p.targetHeight) already has \(Self.maxEncryptedPerHeight) encrypted frames waiting, the most one reveal opens; target a later height"
            )
        }
        return p
    }
}
