import BPIBLS
import BPICodec
import BPICrypto
import BPIHash
@_spi(Simulation) import BPIRules
import BPITypes

/// What an IBFT instance asks its driver to do.
public enum IBFTOutput: Sendable, Equatable {
    /// Send this message to every validator (including this one).
    case broadcast(ConsensusMessage)
    /// Call `timeout(round:)` after this many milliseconds unless the round has moved on.
    case scheduleTimeout(round: UInt64, milliseconds: UInt64)
    /// The height is decided: the value (header hash) and its commit certificate.
    case decided(value: Hash32, commit: Commit)
    /// The double-sign guard refused to sign `message`: another message was signed for its
    /// (height, round, kind) before (typically before a restart). Nothing was sent.
    case refusedToSign(ConsensusMessage)
    /// The sign state could not be read or written: the instance has stopped for good and the
    /// validator must stop (it never signs without a durable record).
    case halt(String)
}

/// One height of IBFT with QBFT round changes (docs/SPEC.md §7.3), as a deterministic state
/// machine: messages and timeouts in, messages, timers and the decision out. The driver (the
/// validator service, or the simulator) owns the network and the clock.
///
/// A validator prepares the proposal of its round from the round's proposer (§7.6 selection,
/// with a valid justification past round 0), commits once a quorum prepared the same value —
/// attaching its BLS signature over the commit message — and decides on a quorum of valid
/// commits. On timeout it moves to the next round with a ROUND-CHANGE carrying its prepared value
/// and certificate; a quorum of round changes lets that round's proposer propose, re-proposing
/// the highest prepared value if there is one.
///
/// Safety across crashes: every message this instance signs is first recorded in its
/// `SignStateStore` (round entered, lock, the message itself) and only then handed out; `start`
/// resumes from the stored state, so a restarted validator never votes below a round it entered,
/// never replaces its lock with a lower-round one and never signs two different messages for one
/// (height, round, kind). A store failure halts the instance (`.halt`). Every message is checked
/// in full on receipt (signature, sender, payload shape, round-change certificates).
public struct IBFTInstance: Sendable {
    /// Chain, height and validator set this instance decides for.
    public let chainID: String
    public let height: UInt64
    public let set: ValidatorSet
    let me: Int
    let identity: Ed25519PrivateKey
    let blsKey: BLSSecretKey
    let blsKeys: [BLSPublicKey?]
    let leaders: [Int]
    let signState: any SignStateStore
    /// Timeout of round r: base + r·increment milliseconds, growing without a cap (as
    /// Tendermint's): a validator whose rounds ran ahead of the others' (it timed out alone
    /// during a partition) spends longer in each round than the ones behind it, so they meet
    /// again; with a cap, one honest validator ahead of two others could stay a round apart forever.
    public var baseTimeout: UInt64 = 1_000, timeoutIncrement: UInt64 = 500
    /// Known-wrong rules for the simulator only.
    @_spi(Simulation) public var injectedBugs: InjectedBugs = []

    /// The current round.
    public private(set) var round: UInt64 = 0
    /// Messages for rounds further ahead than this are ignored, so a faulty validator cannot make
    /// an instance remember unboundedly many rounds.
    public static let maxRoundsAhead: UInt64 = 64
    /// The decided value, once decided.
    public private(set) var decision: Hash32?
    /// Why the instance stopped (a sign-state failure), if it did.
    public private(set) var halted: String?
    private var ownValue: @Sendable (UInt64) -> Hash32 = { _ in .zero }
    private var holds: @Sendable (Hash32) -> Bool = { _ in true }
    private var proposals: [UInt64: Hash32] = [:]
    private var prepares: [UInt64: [Hash32: [ConsensusMessage]]] = [:]
    private var commits: [UInt64: [Hash32: [UInt64: ConsensusMessage]]] = [:]
    private var unverifiedSeals: [UInt64: [Hash32: [UInt64: (message: ConsensusMessage, seal: BLSSignature)]]] = [:]
    private var roundChanges: [UInt64: [UInt64: ConsensusMessage]] = [:]
    private var prepared: PreparedCertificate?
    private var committedRounds = Set<UInt64>()
    private var proposedRounds = Set<UInt64>()
    private var seen = Set<[UInt8]>()

    /// An instance for validator `me` of `set` at `height`; `seed` is the previous seed (§7.6);
    /// `signState` is where it records what it signs before it is sent.
    public init(
        chainID: String, height: UInt64, set: ValidatorSet, seed: [UInt8], me: Int, identity: Ed25519PrivateKey,
        blsKey: BLSSecretKey, signState: any SignStateStore
    ) {
        self.chainID = chainID
        self.height = height
        self.set = set
        self.me = me
        self.identity = identity
        self.blsKey = blsKey
        self.signState = signState
        blsKeys = set.validators.map { try? BLSPublicKey(compressed: $0.blsKey) }
        leaders = ProposerSelection.order(seed: seed, height: height, powers: set.validators.map(\.votingPower))
    }

    /// The prepare certificate this validator holds: the latest round in which a quorum prepared
    /// a value, and those PREPAREs (its QBFT lock).
    public var preparedCertificate: PreparedCertificate? { prepared }

    /// The proposer of `round` (position `round mod n` of the height's leader order, §7.6).
    public func proposer(of round: UInt64) -> Int { leaders[Int(round % UInt64(leaders.count))] }

    /// The timeout of `round`, in milliseconds (saturating).
    public func timeoutMilliseconds(_ round: UInt64) -> UInt64 {
        let (product, overflow) = round.multipliedReportingOverflow(by: timeoutIncrement)
        let (sum, overflow2) = baseTimeout.addingReportingOverflow(product)
        return overflow || overflow2 ? .max : sum
    }

    private func message(_ kind: MessageKind, round: UInt64, value: Hash32, payload: [UInt8] = []) -> ConsensusMessage {
        ConsensusMessage(
            kind: kind, chainID: chainID, height: height, round: round, sender: UInt64(me), value: value, payload: payload,
            signer: identity)
    }

    /// Signs a message, records it (with the round entered and the lock) in the sign state, and
    /// only then hands it out. A conflicting earlier signature refuses it; a store failure halts.
    private mutating func send(_ kind: MessageKind, round r: UInt64, value: Hash32, payload: [UInt8] = []) -> [IBFTOutput] {
        guard halted == nil else { return [] }
        let m = message(kind, round: r, value: value, payload: payload)
        do {
            switch try signState.record(m, round: round, prepared: prepared) {
            case .fresh, .resend: return [.broadcast(m)]
            case .conflict: return [.refusedToSign(m)]
            }
        } catch {
            return halt("cannot record a \(kind) of round \(r) before sending it: \(error)")
        }
    }

    private mutating func halt(_ reason: String) -> [IBFTOutput] {
        halted = reason
        return [.halt(reason)]
    }

    private func isQuorum(_ senders: some Sequence<UInt64>) -> Bool {
        Quorum.isSuperMajority(signed: Quorum.power(of: senders.map { Int($0) }, in: set), total: set.totalPower)
    }

    /// Starts the height; `value` is what this validator proposes in any round it leads.
    public mutating func start(proposing value: Hash32) -> [IBFTOutput] { start(proposingFor: { _ in value }) }

    /// Starts (or, after a restart, resumes) the height; `value(r)` is what this validator
    /// proposes when it leads round `r` with nothing prepared (a header names its round and
    /// proposer, so each round has its own value). A stored sign state puts the instance back in
    /// the round it last entered, with its lock, and re-sends (byte-identical) what it signed there.
    ///
    /// `holds(v)` says whether this validator can send the block of value `v`: a leader that must
    /// re-propose a value prepared by others (QBFT) but never received its block stays silent in
    /// that round rather than announce a value it cannot deliver (and then lock on a block it does
    /// not have); the round times out and the next leader proposes.
    public mutating func start(
        proposingFor value: @escaping @Sendable (UInt64) -> Hash32, holds: @escaping @Sendable (Hash32) -> Bool = { _ in true }
    ) -> [IBFTOutput] {
        ownValue = value
        self.holds = holds
        let stored: SignState?
        do {
            stored = try signState.load(height: height)
        } catch {
            return halt("cannot read the sign state of height \(height): \(error)")
        }
        var out: [IBFTOutput] = []
        if let stored {
            if let lock = stored.prepared {
                do {
                    try RoundChangeJustification.verifyPrepareCertificate(
                        lock.prepares, value: lock.value, chainID: chainID, height: height, round: lock.round, set: set,
                        bugs: injectedBugs)
                } catch {
                    return halt("the stored lock of height \(height) does not verify: \(error)")
                }
                prepared = lock
                committedRounds.insert(lock.round)
            }
            round = max(stored.round, prepared?.round ?? 0)
            if injectedBugs.contains(.noRoundPersistence) { round = 0 }
            for m in stored.signed where m.round == round {
                switch m.kind {
                case .prePrepare: proposedRounds.insert(m.round)
                case .prepare: proposals[m.round] = m.value
                case .commit: committedRounds.insert(m.round)
                case .roundChange: break
                }
                out += send(m.kind, round: m.round, value: m.value, payload: m.payload)
            }
        }
        out.insert(.scheduleTimeout(round: round, milliseconds: timeoutMilliseconds(round)), at: 0)
        if round == 0, proposer(of: 0) == me, !proposedRounds.contains(0) {
            proposedRounds.insert(0)
            out += send(.prePrepare, round: 0, value: value(0))
        } else if round > 0, injectedBugs.contains(.noJustification) {
            out += proposeWithoutJustification()
        }
        return out
    }

    /// Handles a message from the network whose signature was checked on receipt; messages that
    /// are invalid in any other part (sender, chain, height, payload shape, certificates) or
    /// irrelevant are ignored, and a re-sent message is handled once.
    public mutating func receive(_ verified: VerifiedMessage) -> [IBFTOutput] {
        let m = verified.message
        guard decision == nil, halted == nil, m.chainID == chainID, m.height == height, m.sender < UInt64(set.count),
            m.round <= round + Self.maxRoundsAhead, seen.insert(m.signature).inserted
        else { return [] }
        switch m.kind {
        case .prePrepare: return onPrePrepare(m)
        case .prepare: return onPrepare(m)
        case .commit: return onCommit(m)
        case .roundChange: return onRoundChange(m)
        }
    }

    /// Checks `m`'s signature against the set, then handles it (`receive(_:)` of a verified
    /// message); for drivers that do not check signatures on receipt themselves (the simulator).
    public mutating func receive(_ m: ConsensusMessage) -> [IBFTOutput] {
        guard !seen.contains(m.signature), let verified = VerifiedMessage(m, signedIn: set) else { return [] }
        return receive(verified)
    }

    private mutating func onPrePrepare(_ m: ConsensusMessage) -> [IBFTOutput] {
        guard m.round >= round, proposals[m.round] == nil, Int(m.sender) == proposer(of: m.round) else { return [] }
        var out: [IBFTOutput] = []
        if m.round > 0 {
            if !injectedBugs.contains(.noJustification) {
                guard case .array(let items)? = try? CBORDecoder.decode(m.payload) else { return [] }
                let justification = items.compactMap { try? ConsensusMessage(cbor: $0) }
                guard justification.count == items.count,
                    (try? RoundChangeJustification.verify(
                        proposal: m.value, chainID: chainID, height: height, round: m.round, roundChanges: justification,
                        set: set, bugs: injectedBugs)) != nil
                else { return [] }
            }
            // A justified proposal for a later round carries a quorum of round changes: follow it.
            if m.round > round { out += moveTo(round: m.round) }
        } else if m.round > round || !m.payload.isEmpty {
            return []
        }
        guard m.round == round else { return out }
        proposals[m.round] = m.value
        return out + send(.prepare, round: m.round, value: m.value)
    }

    private mutating func onPrepare(_ m: ConsensusMessage) -> [IBFTOutput] {
        let counted = Array((prepares[m.round] ?? [:]).values.joined())
        if injectedBugs.contains(.duplicateVotes) {
            guard !counted.contains(m) else { return [] }
        } else {
            // Only a validator's first PREPARE per round counts; a PREPARE carries no payload.
            guard m.payload.isEmpty, !counted.contains(where: { $0.sender == m.sender }) else { return [] }
        }
        prepares[m.round, default: [:]][m.value, default: []].append(m)
        let votes = prepares[m.round]![m.value]!
        let power = votes.reduce(UInt64(0)) { $0 + set.validators[Int($1.sender)].votingPower }
        guard m.round == round, proposals[m.round] == m.value, !committedRounds.contains(m.round),
            Quorum.isSuperMajority(signed: power, total: set.totalPower)
        else { return [] }
        committedRounds.insert(m.round)
        // The lock only ever moves up (a restart resumes in the round it left, so m.round ≥ it).
        if prepared.map({ m.round > $0.round }) ?? true {
            prepared = PreparedCertificate(round: m.round, value: m.value, prepares: votes)
        }
        let seal = blsKey.sign(Commit.signedMessage(chainID: chainID, height: height, round: m.round, headerHash: m.value))
            .compressed
        return send(.commit, round: m.round, value: m.value, payload: seal)
    }

    /// Whether `sender` already voted (any value) as COMMIT in `round`: only a validator's first
    /// vote per round counts (a second one is equivocation, which the detector turns into evidence).
    private func hasCommitted(round: UInt64, sender: UInt64) -> Bool {
        (commits[round]?.values.contains { $0[sender] != nil } ?? false)
            || (unverifiedSeals[round]?.values.contains { $0[sender] != nil } ?? false)
    }

    /// Commit seals are checked lazily: they are collected unverified, and once they would make a
    /// quorum their aggregate is checked with one FastAggregateVerify (two pairings, however many
    /// signers). Only if that fails is each seal checked on its own and the invalid ones dropped.
    private mutating func onCommit(_ m: ConsensusMessage) -> [IBFTOutput] {
        guard blsKeys[Int(m.sender)] != nil, !hasCommitted(round: m.round, sender: m.sender),
            let seal = try? BLSSignature(compressed: m.payload)
        else { return [] }
        unverifiedSeals[m.round, default: [:]][m.value, default: [:]][m.sender] = (m, seal)
        let verified = commits[m.round]?[m.value] ?? [:]
        let pending = unverifiedSeals[m.round]![m.value]!
        guard isQuorum(Array(verified.keys) + Array(pending.keys)) else { return [] }
        let message = Commit.signedMessage(chainID: chainID, height: height, round: m.round, headerHash: m.value)
        let candidates = pending.keys.sorted()
        let keys = candidates.map { blsKeys[Int($0)]! }
        if let aggregate = try? BLS.aggregate(candidates.map { pending[$0]!.seal }),
            BLS.fastAggregateVerify(publicKeys: keys, message: message, signature: aggregate)
        {
            for sender in candidates { commits[m.round, default: [:]][m.value, default: [:]][sender] = pending[sender]!.message }
        } else {
            for sender in candidates
            where BLS.verify(publicKey: blsKeys[Int(sender)]!, message: message, signature: pending[sender]!.seal) {
                commits[m.round, default: [:]][m.value, default: [:]][sender] = pending[sender]!.message
            }
        }
        unverifiedSeals[m.round]![m.value] = nil
        let votes = commits[m.round]?[m.value] ?? [:]
        guard isQuorum(votes.keys) else { return [] }
        let signers = votes.keys.map { Int($0) }.sorted()
        guard let aggregate = try? BLS.aggregate(signers.map { try! BLSSignature(compressed: votes[UInt64($0)]!.payload) }) else {
            return []
        }
        decision = m.value
        let commit = Commit(
            headerHash: m.value, height: height, round: m.round, signers: SignerBitmap(signers: signers, count: set.count),
            aggregateSignature: aggregate.compressed)
        return [.decided(value: m.value, commit: commit)]
    }

    /// The round's timer fired: move to the next round and announce it.
    public mutating func timeout(round r: UInt64) -> [IBFTOutput] {
        guard decision == nil, halted == nil, r == round else { return [] }
        return moveTo(round: r + 1)
    }

    private mutating func moveTo(round r: UInt64) -> [IBFTOutput] {
        guard r > round || r == 0 else { return [] }
        round = r
        let payload = RoundChangeJustification.Payload(preparedRound: prepared?.round, prepares: prepared?.prepares ?? [])
        var out: [IBFTOutput] = [.scheduleTimeout(round: r, milliseconds: timeoutMilliseconds(r))]
        out += send(.roundChange, round: r, value: prepared?.value ?? .zero, payload: payload.encoded)
        if injectedBugs.contains(.noJustification) { out += proposeWithoutJustification() }
        return out
    }

    /// The `no-justification` bug: a leader proposes its own value on entering its round.
    private mutating func proposeWithoutJustification() -> [IBFTOutput] {
        guard proposer(of: round) == me, !proposedRounds.contains(round) else { return [] }
        proposedRounds.insert(round)
        return send(.prePrepare, round: round, value: ownValue(round))
    }

    private mutating func onRoundChange(_ m: ConsensusMessage) -> [IBFTOutput] {
        guard m.round >= round, m.round > 0, roundChanges[m.round]?[m.sender] == nil,
            (try? RoundChangeJustification.validate(
                m, chainID: chainID, height: height, set: set, bugs: injectedBugs))
                != nil
        else { return [] }
        roundChanges[m.round, default: [:]][m.sender] = m
        let arriving = roundChanges[m.round]!
        var out: [IBFTOutput] = []
        // A quorum moving to a higher round pulls this validator along; so does more than a third
        // of the power in later rounds (at least one of them honest): it joins the lowest of those.
        if m.round > round && isQuorum(arriving.keys) {
            out += moveTo(round: m.round)
        } else if m.round > round {
            var latest: [UInt64: UInt64] = [:]
            for (r, senders) in roundChanges where r > round {
                for sender in senders.keys { latest[sender] = max(latest[sender] ?? 0, r) }
            }
            let power = Quorum.power(of: latest.keys.map { Int($0) }, in: set)
            if Quorum.exceedsOneThird(signed: power, total: set.totalPower), let lowest = latest.values.min() {
                out += moveTo(round: lowest)
            }
        }
        guard proposer(of: round) == me, !proposedRounds.contains(round),
            let (justification, preparedValue) = RoundChangeJustification.select(
                from: Array((roundChanges[round] ?? [:]).values), set: set)
        else { return out }
        // Re-propose the value prepared in the highest round, if any; else this validator's own value.
        let value = injectedBugs.contains(.noLock) ? ownValue(round) : (preparedValue ?? ownValue(round))
        // A prepared value whose block this validator never received cannot be re-proposed by it.
        if let preparedValue, value == preparedValue, !holds(preparedValue) { return out }
        proposedRounds.insert(round)
        let payload = (try? CBOREncoder.encode(.array(justification.map(\.cbor)))) ?? []
        return out + send(.prePrepare, round: round, value: value, payload: payload)
    }
}
