import BPICrypto
import BPIHash
import BPIPoH
import BPITypes

/// What frames may come next (docs/SPEC.md §12.1): the service directory, the last nonce of each
/// (source, destination) pair and each sender's nonce-chain value. Validators keep one for the
/// finalized chain (block validity) and one with the mempool's frames recorded on top (entry
/// checks). Deterministic: every honest validator holding the same chain agrees on every verdict.
public struct FrameLedger: Sendable, Equatable {
    /// The services, as of the last applied block.
    public private(set) var directory = ServiceDirectory()
    private var nonces: [FramePair: UInt64] = [:]
    private var chains: [Hash32: Hash32] = [:]
    /// Services with a registration recorded since the last applied block (one per block).
    private var registering: Set<Hash32> = []
    /// Fuel the receipts recorded since the last applied block allow (at most `Receipt.maxBlockFuel`).
    private var receiptFuel: UInt64 = 0
    /// Commitments and open challenges, as of the last applied block (§15.8).
    public private(set) var da = DALedger()
    /// Shards challenged, and challenges answered, by frames recorded since the last applied block.
    private var pendingChallenges: Set<DALedger.ShardKey> = []
    private var pendingAnswers: Set<Hash32> = []

    /// Key generations, epoch keys, encrypted frames and their openings, as of the last applied block (§16.5).
    public private(set) var threshold: ThresholdLedger
    /// Inclusion obligations and each recent block's entries, as of the last applied block (§17).
    public private(set) var inclusion = InclusionLedger()
    /// Validator-set votes and the change they scheduled, as of the last applied block (§19).
    public private(set) var setChange = SetChangeLedger()

    /// An empty ledger (genesis), with the standard key-epoch schedule unless one is given (tests).
    public init(keySchedule: KeyEpochSchedule = .standard) { threshold = ThresholdLedger(schedule: keySchedule) }

    /// The sender's current nonce-chain value (its chain's start before its first frame).
    public func chainValue(of source: Hash32) -> Hash32 { chains[source] ?? NonceChain.genesis(service: source) }

    /// The last nonce used from `source` to `destination` (0 before any).
    public func lastNonce(_ pair: FramePair) -> UInt64 { nonces[pair] ?? 0 }

    /// Checks `frame` as the next frame of its sender, for height `height` with `ticks` the
    /// finalized ticks: size, tick, registration or signature under the directory's key, nonce,
    /// chain. Throws the first failure. With `signatures`, a signature verified before (on entry,
    /// in a proposal) is not verified again. `context` (the chain id and the set signing the block)
    /// is what keygen and key-share frames are checked against; without it they are refused.
    /// Returns the registration a registration frame carries.
    @discardableResult
    public func check(
        _ frame: Frame, ticks: TickWindow, for height: UInt64, signatures: SignatureCache? = nil, context: ThresholdContext? = nil
    ) throws(FrameError) -> ServiceRegistration? {
        let header = frame.header
        let size = frame.sealedPayload.count
        guard size <= Frame.maxPayloadBytes else { throw .oversized(size) }
        do {
            try ticks.check(header.tick, for: height)
        } catch {
            switch error {
            case .stale(let h, let oldest): throw .staleTick(height: h, oldest: oldest)
            case .unknown(let why): throw .unknownTick(why)
            }
        }
        var registration: ServiceRegistration?
        if header.kind == .registration {
            registration = try directory.check(registration: frame)
            guard !registering.contains(header.source) else {
                throw .badRegistration("the service already has a registration in this block; send the next after it is final")
            }
        } else {
            guard let sender = directory[header.source] else { throw .unknownService(header.source) }
            guard directory[header.destination] != nil else { throw .unknownService(header.destination) }
            let signed = signatures?.isSigned(frame, by: sender.signingKey) ?? frame.isSigned(by: sender.signingKey)
            guard signed else { throw .badSignature }
            if header.kind == .receipt {
                let fuel = try ReceiptRules.check(frame, executorKey: sender.signingKey)
                guard receiptFuel + fuel <= Receipt.maxBlockFuel else {
                    throw .badReceipt(
                        "the pending receipts already allow \(receiptFuel) of a block's \(Receipt.maxBlockFuel) fuel; send it after the next block"
                    )
                }
            }
            if header.kind == .agreement { try AgreementRules.check(frame) }
            if header.kind == .daCommit { try DACommitRules.check(frame) }
            if header.kind == .daChallenge {
                let challenge = try DAChallengeRules.checkChallenge(frame, state: da)
                guard !pendingChallenges.contains(DALedger.ShardKey(challenge)) else {
                    throw .badDAChallenge(
                        "shard \(challenge.position) of \(challenge.objectID) is already challenged in this block")
                }
            }
            if header.kind == .daResponse {
                let response = try DAChallengeRules.checkResponse(frame, state: da, height: height)
                guard !pendingAnswers.contains(response.challengeID) else {
                    throw .badDAResponse("challenge \(response.challengeID) is already answered in this block")
                }
            }
            try threshold.check(frame, sender: sender, height: height, context: context)
            if header.kind == .inclusionList {
                try inclusion.check(frame, sender: sender, height: height, context: context, directory: directory)
            }
            if header.kind == .setChange { try setChange.check(frame, sender: sender, context: context) }
        }
        let pair = FramePair(source: header.source, destination: header.destination)
        let last = lastNonce(pair)
        guard header.nonce > last else { throw .staleNonce(nonce: header.nonce, last: last) }
        let expected = chainValue(of: header.source)
        guard header.ncPrev == expected else { throw .brokenChain(expected: expected) }
        return registration
    }

    /// Records a checked frame: its nonce and the sender's next chain value. Returns that value
    /// (the frame's Proof-of-History event).
    @discardableResult
    public mutating func record(_ frame: Frame, height: UInt64 = 0, context: ThresholdContext? = nil) -> Hash32 {
        threshold.record(frame, height: height, context: context)
        inclusion.record(frame, height: height)
        let header = frame.header
        if header.kind == .setChange { setChange.record(frame) }
        nonces[FramePair(source: header.source, destination: header.destination)] = header.nonce
        let next = NonceChain.value(after: frame)
        chains[header.source] = next
        if header.kind == .registration { registering.insert(header.source) }
        if header.kind == .receipt, let submission = try? ReceiptSubmission(canonicalBytes: frame.sealedPayload) {
            receiptFuel += submission.receipt.runHeader.limits.fuel + ReceiptRules.hookFuel(submission.receipt)
        }
        if header.kind == .daChallenge, let challenge = try? DAChallenge(canonicalBytes: frame.sealedPayload) {
            pendingChallenges.insert(DALedger.ShardKey(challenge))
        }
        if header.kind == .daResponse, let response = try? DAResponse(canonicalBytes: frame.sealedPayload) {
            pendingAnswers.insert(response.challengeID)
        }
        return next
    }

    /// Checks `frame` and records it if the rules take it; whether they did.
    public mutating func take(
        _ frame: Frame, ticks: TickWindow, for height: UInt64, signatures: SignatureCache? = nil, context: ThresholdContext? = nil
    ) -> Bool {
        do {
            try check(frame, ticks: ticks, for: height, signatures: signatures, context: context)
        } catch {
            return false
        }
        record(frame, height: height, context: context)
        return true
    }

    /// The reject ground that holds for a listed frame left out of a block of `blockSize` frames,
    /// checked as if appended at the end of the block (this ledger): nil when it could be appended.
    func rejectGround(
        for frame: Frame, ticks: TickWindow, height: UInt64, blockSize: Int, signatures: SignatureCache?,
        context: ThresholdContext?
    ) -> InclusionOutcome? {
        do {
            try check(frame, ticks: ticks, for: height, signatures: signatures, context: context)
        } catch {
            switch error {
            case .staleNonce, .brokenChain: return .nonceUsed
            case .staleTick: return .tickTooOld
            default: return .invalid
            }
        }
        return blockSize >= Block.maxFrames ? .blockFull : nil
    }

    /// Of `listed` (obligations), those not in `frames` that can be appended after them, in order,
    /// each checked after `frames` and the ones appended before it (a proposer's obligations, §17.2).
    public func appendable(
        _ listed: [Frame], after frames: [Frame], height: UInt64, ticks: TickWindow, signatures: SignatureCache? = nil,
        context: ThresholdContext? = nil
    ) -> [Frame] {
        var next = self
        next.da.closeDue(at: height)
        func take(_ frame: Frame) -> Bool {
            next.take(frame, ticks: ticks, for: height, signatures: signatures, context: context)
        }
        for frame in frames where !take(frame) { return [] }
        let carried = Set(frames.map(\.id))
        var added: [Frame] = []
        for frame in listed where !carried.contains(frame.id) && frames.count + added.count < Block.maxFrames && take(frame) {
            added.append(frame)
        }
        return added
    }

    /// The data-availability faults the block at `height` must carry (§15.8).
    public func dueFaults(at height: UInt64) -> [DAFaultEvidence] { da.dueFaults(at: height) }

    /// Checks and records a block's frames in order, settles the inclusion obligations the
    /// previous block's lists made (each listed frame carried, or a reject ground holding at the
    /// end of the block — otherwise `missedInclusion` is thrown, §17.2), then applies its
    /// registrations to the directory (they take effect for the next block). Returns the frames'
    /// chain values (the block's Proof-of-History events); the block's inclusion entries are then
    /// `inclusion.entries[height]`. On a failure the ledger is unchanged. With `openFrames`
    /// false (a validity check whose ledger is thrown away) encrypted frames whose key is revealed
    /// are marked done without being decrypted.
    @discardableResult
    public mutating func apply(
        block frames: [Frame], height: UInt64, ticks: TickWindow, signatures: SignatureCache? = nil,
        context: ThresholdContext? = nil, openFrames: Bool = true
    ) throws(FrameError) -> [Hash32] {
        var next = self
        next.registering = []
        next.receiptFuel = 0
        next.pendingChallenges = []
        next.pendingAnswers = []
        // Challenges past their deadline close before the block's frames are checked: a late answer is refused.
        next.da.closeDue(at: height)
        var events: [Hash32] = []
        var registrations: [ServiceRegistration] = []
        for frame in frames {
            if let registration = try next.check(frame, ticks: ticks, for: height, signatures: signatures, context: context) {
                registrations.append(registration)
            }
            events.append(next.record(frame, height: height, context: context))
        }
        let carried = Set(frames.map(\.id))
        let state = next
        let outcomes = try next.inclusion.outcomes(carried: carried) { listed in
            state.rejectGround(
                for: listed, ticks: ticks, height: height, blockSize: frames.count, signatures: signatures, context: context)
        }
        next.inclusion.finish(height: height, carried: carried, outcomes: outcomes)
        for registration in registrations { next.directory.apply(registration, height: height) }
        next.da.record(block: frames, height: height)
        next.threshold.finish(height: height, context: context, open: openFrames)
        next.setChange.finish(height: height, context: context, schedule: next.threshold.schedule)
        next.registering = []
        next.receiptFuel = 0
        next.pendingChallenges = []
        next.pendingAnswers = []
        self = next
        return events
    }
}
