import BPIBLS
import BPICodec
import BPICrypto
import BPIHash
import BPITypes

/// What an IBFT instance asks its driver to do.
public enum IBFTOutput: Sendable, Equatable {
    /// Send this message to every validator (including this one).
    case broadcast(ConsensusMessage)
    /// Call `timeout(round:)` after this many milliseconds unless the round has moved on.
    case scheduleTimeout(round: UInt64, milliseconds: UInt64)
    /// The height is decided: the value (header hash) and its commit certificate.
    case decided(value: Hash32, commit: Commit)
}

/// One height of IBFT with QBFT round changes (docs/SPEC.md §7.3), as a deterministic state
/// machine: messages and timeouts in, messages, timers and the decision out. The driver (the
/// validator service) owns the network and the clock.
///
/// A validator prepares the proposal of its round from the round's proposer (§7.6 selection,
/// with a valid justification past round 0), commits once a quorum prepared the same value —
/// attaching its BLS signature over the commit message — and decides on a quorum of valid
/// commits. On timeout it moves to the next round with a ROUND-CHANGE carrying its prepared value
/// and certificate; a quorum of round changes lets that round's proposer propose, re-proposing
/// the highest prepared value if there is one.
public struct IBFTInstance: Sendable {
    /// Chain, height, validator set and seed this instance decides for.
    public let chainID: String
    public let height: UInt64
    public let set: ValidatorSet
    let seed: [UInt8]
    let me: Int
    let identity: Ed25519PrivateKey
    let blsKey: BLSSecretKey
    let identityKeys: [Ed25519PublicKey?]
    let blsKeys: [BLSPublicKey?]
    /// Timeout of round r: base + r·increment milliseconds, at most `maxTimeout` (linear growth).
    public var baseTimeout: UInt64 = 1_000, timeoutIncrement: UInt64 = 500, maxTimeout: UInt64 = 10_000

    /// The current round.
    public private(set) var round: UInt64 = 0
    /// Messages for rounds further ahead than this are ignored, so a faulty validator cannot make
    /// an instance remember unboundedly many rounds.
    public static let maxRoundsAhead: UInt64 = 64
    /// The decided value, once decided.
    public private(set) var decision: Hash32?
    private var ownValue: @Sendable (UInt64) -> Hash32 = { _ in .zero }
    private var proposals: [UInt64: Hash32] = [:]
    private var prepares: [UInt64: [Hash32: [UInt64: ConsensusMessage]]] = [:]
    private var commits: [UInt64: [Hash32: [UInt64: ConsensusMessage]]] = [:]
    private var unverifiedSeals: [UInt64: [Hash32: [UInt64: (message: ConsensusMessage, seal: BLSSignature)]]] = [:]
    private var roundChanges: [UInt64: [UInt64: ConsensusMessage]] = [:]
    private var prepared: (round: UInt64, value: Hash32, certificate: [ConsensusMessage])?
    private var committedRounds = Set<UInt64>()
    private var proposedRounds = Set<UInt64>()

    /// An instance for validator `me` of `set` at `height`; `seed` is the previous seed (§7.6).
    public init(
        chainID: String, height: UInt64, set: ValidatorSet, seed: [UInt8], me: Int, identity: Ed25519PrivateKey,
        blsKey: BLSSecretKey
    ) {
        self.chainID = chainID
        self.height = height
        self.set = set
        self.seed = seed
        self.me = me
        self.identity = identity
        self.blsKey = blsKey
        identityKeys = set.validators.map { try? Ed25519PublicKey(bytes: $0.identityKey) }
        blsKeys = set.validators.map { try? BLSPublicKey(compressed: $0.blsKey) }
    }

    /// The prepare certificate this validator holds — the latest round in which a quorum prepared
    /// a value, and those PREPAREs — so a driver can persist it and `restore` it after a restart
    /// (round changes must keep reporting it for QBFT's locking to hold).
    public var preparedCertificate: (round: UInt64, value: Hash32, prepares: [ConsensusMessage])? {
        prepared.map { ($0.round, $0.value, $0.certificate) }
    }

    /// Restores a certificate persisted before a restart, after checking it is a quorum of valid
    /// PREPAREs of this height, round and value. The validator also counts as having committed in
    /// that round (it did, before the restart).
    public mutating func restore(preparedRound: UInt64, value: Hash32, prepares: [ConsensusMessage]) throws(TypesError) {
        try RoundChangeJustification.verifyPrepareCertificate(
            prepares, value: value, chainID: chainID, height: height, round: preparedRound, set: set, keys: identityKeys)
        if let current = prepared, current.round >= preparedRound { return }
        prepared = (preparedRound, value, prepares)
        committedRounds.insert(preparedRound)
    }

    /// The proposer of `round`.
    public func proposer(of round: UInt64) -> Int {
        ProposerSelection.proposer(seed: seed, height: height, round: round, set: set)
    }

    func timeoutMilliseconds(_ round: UInt64) -> UInt64 { min(maxTimeout, baseTimeout + round * timeoutIncrement) }

    private func message(_ kind: MessageKind, round: UInt64, value: Hash32, payload: [UInt8] = []) -> ConsensusMessage {
        ConsensusMessage(
            kind: kind, chainID: chainID, height: height, round: round, sender: UInt64(me), value: value, payload: payload,
            signer: identity)
    }

    private func isQuorum(_ senders: some Sequence<UInt64>) -> Bool {
        Quorum.isSuperMajority(signed: Quorum.power(of: senders.map { Int($0) }, in: set), total: set.totalPower)
    }

    /// Starts the height; `value` is what this validator proposes in any round it leads.
    public mutating func start(proposing value: Hash32) -> [IBFTOutput] { start(proposingFor: { _ in value }) }

    /// Starts the height; `value(r)` is what this validator proposes when it leads round `r` with
    /// nothing prepared (a header names its round and proposer, so each round has its own value).
    public mutating func start(proposingFor value: @escaping @Sendable (UInt64) -> Hash32) -> [IBFTOutput] {
        ownValue = value
        var out: [IBFTOutput] = [.scheduleTimeout(round: 0, milliseconds: timeoutMilliseconds(0))]
        if proposer(of: 0) == me {
            proposedRounds.insert(0)
            out.append(.broadcast(message(.prePrepare, round: 0, value: value(0))))
        }
        return out
    }

    /// Handles a message from the network (invalid or irrelevant messages are ignored).
    public mutating func receive(_ m: ConsensusMessage) -> [IBFTOutput] {
        guard decision == nil, m.chainID == chainID, m.height == height, m.sender < UInt64(set.count),
            m.round <= round + Self.maxRoundsAhead, let key = identityKeys[Int(m.sender)], m.isSigned(by: key)
        else { return [] }
        switch m.kind {
        case .prePrepare: return onPrePrepare(m)
        case .prepare: return onPrepare(m)
        case .commit: return onCommit(m)
        case .roundChange: return onRoundChange(m)
        }
    }

    private mutating func onPrePrepare(_ m: ConsensusMessage) -> [IBFTOutput] {
        guard m.round >= round, proposals[m.round] == nil, Int(m.sender) == proposer(of: m.round) else { return [] }
        var out: [IBFTOutput] = []
        if m.round > 0 {
            guard case .array(let items)? = try? CBORDecoder.decode(m.payload) else { return [] }
            let justification = items.compactMap { try? ConsensusMessage(cbor: $0) }
            guard justification.count == items.count,
                (try? RoundChangeJustification.verify(
                    proposal: m.value, chainID: chainID, height: height, round: m.round, roundChanges: justification, set: set))
                    != nil
            else { return [] }
            // A justified proposal for a later round carries a quorum of round changes: follow it.
            if m.round > round { out += moveTo(round: m.round) }
        } else if m.round > round {
            return []
        }
        proposals[m.round] = m.value
        return out + [.broadcast(message(.prepare, round: m.round, value: m.value))]
    }

    /// Whether `sender` already voted (any value) as `kind` in `round`: only a validator's first
    /// vote per round counts (a second one is equivocation, which the detector turns into evidence).
    private func hasVoted(_ votes: [UInt64: [Hash32: [UInt64: ConsensusMessage]]], round: UInt64, sender: UInt64) -> Bool {
        votes[round]?.values.contains { $0[sender] != nil } ?? false
    }

    private mutating func onPrepare(_ m: ConsensusMessage) -> [IBFTOutput] {
        if prepares[m.round]?[m.value]?[m.sender] == nil {
            guard !hasVoted(prepares, round: m.round, sender: m.sender) else { return [] }
        }
        prepares[m.round, default: [:]][m.value, default: [:]][m.sender] = m
        let votes = prepares[m.round]![m.value]!
        guard m.round == round, proposals[m.round] == m.value, !committedRounds.contains(m.round), isQuorum(votes.keys) else {
            return []
        }
        committedRounds.insert(m.round)
        prepared = (m.round, m.value, Array(votes.values))
        let seal = blsKey.sign(Commit.signedMessage(chainID: chainID, height: height, round: m.round, headerHash: m.value))
            .compressed
        return [.broadcast(message(.commit, round: m.round, value: m.value, payload: seal))]
    }

    /// Commit seals are checked lazily: they are collected unverified, and once they would make a
    /// quorum their aggregate is checked with one FastAggregateVerify (two pairings, however many
    /// signers). Only if that fails is each seal checked on its own and the invalid ones dropped.
    private mutating func onCommit(_ m: ConsensusMessage) -> [IBFTOutput] {
        guard blsKeys[Int(m.sender)] != nil, !hasVoted(commits, round: m.round, sender: m.sender),
            unverifiedSeals[m.round]?.values.contains(where: { $0[m.sender] != nil }) != true,
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
        guard decision == nil, r == round else { return [] }
        return moveTo(round: r + 1)
    }

    private mutating func moveTo(round r: UInt64) -> [IBFTOutput] {
        round = r
        let payload = RoundChangeJustification.Payload(preparedRound: prepared?.round, prepares: prepared?.certificate ?? [])
        return [
            .scheduleTimeout(round: r, milliseconds: timeoutMilliseconds(r)),
            .broadcast(message(.roundChange, round: r, value: prepared?.value ?? .zero, payload: payload.encoded)),
        ]
    }

    private mutating func onRoundChange(_ m: ConsensusMessage) -> [IBFTOutput] {
        guard m.round >= round, (try? RoundChangeJustification.Payload(encoded: m.payload)) != nil else { return [] }
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
        let changes = roundChanges[round] ?? [:]
        guard proposer(of: round) == me, !proposedRounds.contains(round), isQuorum(changes.keys) else {
            return out
        }
        // Re-propose the value prepared in the highest round, if any; else this validator's own value.
        var value = ownValue(round)
        var highest: UInt64?
        for rc in changes.values {
            if let p = try? RoundChangeJustification.Payload(encoded: rc.payload), let pr = p.preparedRound,
                highest == nil || pr > highest!
            {
                highest = pr
                value = rc.value
            }
        }
        proposedRounds.insert(round)
        let justification = (try? CBOREncoder.encode(.array(changes.values.map(\.cbor)))) ?? []
        out.append(.broadcast(message(.prePrepare, round: round, value: value, payload: justification)))
        return out
    }
}
