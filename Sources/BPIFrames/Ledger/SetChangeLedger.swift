import BPIHash
import BPIRules
import BPITypes

/// Validator-set changes, derived from finalized `set-change` frames (docs/SPEC.md §19): the
/// votes cast in the set signing now, and the change they scheduled. Deterministic: every
/// validator applying the same blocks agrees on the header that must name the next set.
///
/// Who can send what: any registered service can send a vote; only the base set's validator the
/// vote names, signing with its identity key, is counted. A validator may vote for a set that
/// cannot serve (bad keys or proofs of possession, a key twice, too large), vote again (its
/// later vote replaces its earlier one; at most one vote per validator per block), replay a vote
/// cast in an earlier set, or vote while a change is already scheduled: the first and the last
/// two are refused. A change takes effect at
/// a key-epoch start, so the set that signs an epoch's first block is the committee of the next
/// key's generation (§16.5): every set change starts a key generation by the new set.
public struct SetChangeLedger: Sendable, Equatable {
    /// The most validators a proposed set may hold.
    public static let maxValidators = 128

    /// The set the votes were cast in.
    private var base: Hash32?
    /// Each voter's (base-set index's) current vote: the hash of the set it votes for.
    private var votes: [UInt32: Hash32] = [:]
    /// The sets voted for, by hash.
    private var proposed: [Hash32: ValidatorSet] = [:]
    /// Voters with a vote recorded since the last applied block (one each per block: a vote's
    /// set costs a multi-pairing to check, so a validator cannot fill blocks with them).
    private var votingNow: Set<UInt32> = []
    /// The change the votes decided, if any, until the header naming it is applied.
    public private(set) var scheduled: ScheduledSetChange?
    /// The changes that took effect, oldest first (the height of the first block the new set signs).
    public private(set) var history: [ScheduledSetChange] = []

    /// An empty ledger.
    public init() {}

    /// The set the header at `height` must name as the next set, when it differs from the set
    /// signing that header: the scheduled set when `height` is the block before its activation.
    public func nextSet(forHeaderAt height: UInt64) -> ValidatorSet? {
        guard let s = scheduled, s.activation == height + 1 else { return nil }
        return s.set
    }

    /// The votes cast in the current set, by the hash of the set they vote for (voter indices, ascending).
    public var tallies: [(set: ValidatorSet, voters: [UInt32])] {
        var by: [Hash32: [UInt32]] = [:]
        for (voter, hash) in votes { by[hash, default: []].append(voter) }
        return by.sorted { $0.key.description < $1.key.description }.compactMap { hash, voters in
            proposed[hash].map { ($0, voters.sorted()) }
        }
    }

    /// Checks a set-change frame from `sender` for a block signed by `context.validators`:
    /// self-addressed, a canonical vote cast in that set by the validator it names, for a set
    /// that can serve, with no change scheduled. Returns the vote.
    @discardableResult
    func check(_ frame: Frame, sender: ServiceEntry, context: ThresholdContext?) throws(FrameError) -> SetChangeVote {
        guard let context else { throw .badSetChange("a set-change frame is checked only in a block's context") }
        guard frame.header.source == frame.header.destination else {
            throw .badSetChange("a set-change frame goes from a validator's service to itself")
        }
        let vote: SetChangeVote
        do { vote = try SetChangeVote(canonicalBytes: frame.sealedPayload) } catch { throw .badSetChange("\(error)") }
        let base = context.validators
        guard vote.baseSetHash == base.hash else {
            throw .badSetChange("the vote is cast in set \(vote.baseSetHash); the set signing now is \(base.hash)")
        }
        guard Int(vote.voter) < base.count, base.validators[Int(vote.voter)].identityKey == sender.signingKey.bytes else {
            throw .badSetChange("validator \(vote.voter) of the set does not sign this frame")
        }
        if let s = scheduled {
            throw .badSetChange("a change to set \(s.set.hash) is already scheduled for height \(s.activation)")
        }
        guard !votingNow.contains(vote.voter) else {
            throw .badSetChange("validator \(vote.voter) already votes in this block; send the next vote after it is final")
        }
        try Self.checkServable(vote.nextSet, replacing: base)
        return vote
    }

    /// Why `set` cannot replace `base`: the same set, too many validators, an identity, BLS or VRF
    /// key twice, a key that does not parse, a BLS key that fails KeyValidate or its proof of possession.
    static func checkServable(_ set: ValidatorSet, replacing base: ValidatorSet) throws(FrameError) {
        guard set != base else { throw .badSetChange("the proposed set is the set signing now") }
        guard set.count <= maxValidators else {
            throw .badSetChange("the proposed set has \(set.count) validators; at most \(maxValidators)")
        }
        guard Set(set.validators.map(\.identityKey)).count == set.count, Set(set.validators.map(\.blsKey)).count == set.count,
            Set(set.validators.map(\.vrfKey)).count == set.count
        else { throw .badSetChange("the proposed set names an identity, BLS or VRF key twice") }
        if let i = set.identityKeys.firstIndex(where: { $0 == nil }) {
            throw .badSetChange("validator \(i) of the proposed set: the identity key is not an Ed25519 point")
        }
        do { _ = try set.blsPublicKeys() } catch { throw .badSetChange("the proposed set: \(error)") }
    }

    /// Records a vote `check` accepted: it replaces the voter's earlier vote in the same set.
    mutating func record(_ frame: Frame) {
        guard let vote = try? SetChangeVote(canonicalBytes: frame.sealedPayload) else { return }
        if base != vote.baseSetHash {
            base = vote.baseSetHash
            votes = [:]
            proposed = [:]
        }
        votes[vote.voter] = vote.nextSet.hash
        proposed[vote.nextSet.hash] = vote.nextSet
        votingNow.insert(vote.voter)
    }

    /// End of the block at `height`, signed by `context.validators`: a set whose votes hold more
    /// than two thirds of the power is scheduled for the first key-epoch start at least two
    /// heights on (so the header before it is built on a block that knows it), and the votes are
    /// cleared; the header naming a scheduled set being applied ends the schedule.
    mutating func finish(height: UInt64, context: ThresholdContext?, schedule: KeyEpochSchedule) {
        votingNow = []
        if let s = scheduled, s.activation == height + 1 {
            history.append(s)
            scheduled = nil
            return
        }
        guard scheduled == nil, let context, base == context.validators.hash else { return }
        let set = context.validators
        for (hash, candidate) in proposed {
            let voters = set.validators.indices.filter { votes[UInt32($0)] == hash }
            guard Quorum.isSuperMajority(signed: Quorum.power(of: voters, in: set), total: set.totalPower) else { continue }
            let epoch = (height + 1 + schedule.length - 1) / schedule.length
            scheduled = ScheduledSetChange(set: candidate, decidedAt: height, activation: schedule.start(of: epoch))
            votes = [:]
            proposed = [:]
            base = nil
            return
        }
    }
}
