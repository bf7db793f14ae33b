import BPICodec
import BPICrypto
import BPIHash
import BPITypes

/// The QBFT rule that keeps a locked value alive across round changes (docs/SPEC.md §7.3): a
/// pre-prepare for round r > 0 must carry a quorum of round-change messages for r; if any of them
/// reports a prepared value, the proposal must be the value prepared in the highest round, backed
/// by a quorum of prepares for it.
public enum RoundChangeJustification {
    /// A round change's payload: `[preparedRound or null, prepares…]` (the prepared value is the message's `value`).
    public struct Payload: Sendable, Equatable {
        /// The round in which the sender prepared a value, if it did.
        public var preparedRound: UInt64?
        /// The quorum of prepares backing it.
        public var prepares: [ConsensusMessage]

        /// Creates a payload.
        public init(preparedRound: UInt64?, prepares: [ConsensusMessage]) {
            self.preparedRound = preparedRound
            self.prepares = prepares
        }

        /// Canonical bytes.
        public var encoded: [UInt8] {
            (try? CBOREncoder.encode(.array([preparedRound.map(CBOR.unsigned) ?? .null] + prepares.map(\.cbor)))) ?? []
        }

        /// Decodes a payload.
        public init(encoded: [UInt8]) throws(TypesError) {
            guard case .array(let items)? = try? CBORDecoder.decode(encoded), let first = items.first else {
                throw .invalid("round-change payload is not an array")
            }
            switch first {
            case .null: preparedRound = nil
            case .unsigned(let r): preparedRound = r
            default: throw .invalid("round-change payload: preparedRound must be an integer or null")
            }
            var list: [ConsensusMessage] = []
            for item in items.dropFirst() {
                guard let m = try? ConsensusMessage(cbor: item) else { throw .invalid("round-change payload: malformed prepare") }
                list.append(m)
            }
            prepares = list
        }
    }

    /// Checks one ROUND-CHANGE on receipt (its signature is the caller's check): the payload
    /// decodes; with nothing prepared the value is zero and no PREPAREs come along; otherwise the
    /// prepared round is below the message's round and the PREPAREs are a quorum of valid,
    /// distinct-sender PREPAREs of that round and value. Returns the decoded payload.
    @discardableResult
    public static func validate(
        _ m: ConsensusMessage, chainID: String, height: UInt64, set: ValidatorSet
    ) throws(TypesError) -> Payload {
        try validate(m, chainID: chainID, height: height, set: set, bugs: [])
    }

    /// `validate`, with known-wrong rules for the simulator.
    @_spi(Simulation) @discardableResult
    public static func validate(
        _ m: ConsensusMessage, chainID: String, height: UInt64, set: ValidatorSet,
        bugs: InjectedBugs
    ) throws(TypesError) -> Payload {
        let payload = try Payload(encoded: m.payload)
        guard let prepared = payload.preparedRound else {
            guard m.value == .zero, payload.prepares.isEmpty else {
                throw .invalid("a round change reporting nothing prepared must carry the zero value and no prepares")
            }
            return payload
        }
        guard prepared < m.round else { throw .invalid("a round change reports a prepared round not below its round") }
        try verifyPrepareCertificate(
            payload.prepares, value: m.value, chainID: chainID, height: height, round: prepared, set: set,
            bugs: bugs)
        return payload
    }

    /// The justification a round leader sends: from round changes already validated on receipt
    /// (one per sender), a minimal quorum chosen deterministically — the one reporting the highest
    /// prepared round first (lowest sender on a tie), then the others by ascending sender until the
    /// power is a quorum — and the value it obliges the leader to propose (nil: nothing prepared,
    /// the leader's own value). Nil when the round changes are not a quorum.
    public static func select(
        from changes: [ConsensusMessage], set: ValidatorSet
    ) -> (justification: [ConsensusMessage], prepared: Hash32?)? {
        let rounds = changes.map { (try? Payload(encoded: $0.payload))?.preparedRound }
        var order = Array(changes.indices).sorted { changes[$0].sender < changes[$1].sender }
        var best: Int?
        for i in order where rounds[i] != nil {
            if best == nil || rounds[i]! > rounds[best!]! { best = i }
        }
        if let best { order = [best] + order.filter { $0 != best } }
        var chosen: [ConsensusMessage] = []
        var power: UInt64 = 0
        for i in order {
            chosen.append(changes[i])
            power += set.validators[Int(changes[i].sender)].votingPower
            if Quorum.isSuperMajority(signed: power, total: set.totalPower) {
                return (chosen, best.map { changes[$0].value })
            }
        }
        return nil
    }

    /// Checks that `proposal` (header hash) for `round` is justified by `roundChanges`.
    public static func verify(
        proposal: Hash32, chainID: String, height: UInt64, round: UInt64, roundChanges: [ConsensusMessage], set: ValidatorSet
    ) throws(TypesError) {
        try verify(
            proposal: proposal, chainID: chainID, height: height, round: round, roundChanges: roundChanges, set: set,
            bugs: [])
    }

    /// `verify`, with (for the simulator) known-wrong rules.
    @_spi(Simulation)
    public static func verify(
        proposal: Hash32, chainID: String, height: UInt64, round: UInt64, roundChanges: [ConsensusMessage], set: ValidatorSet,
        bugs: InjectedBugs
    ) throws(TypesError) {
        guard round > 0 else { return }
        var senders = Set<UInt64>()
        var highest: (round: UInt64, value: Hash32)?
        for m in roundChanges {
            guard m.kind == .roundChange, m.chainID == chainID, m.height == height, m.round == round else {
                throw .invalid("justification holds a message that is not a round change for this height and round")
            }
            guard m.sender < UInt64(set.count), let key = set.identityKeys[Int(m.sender)], m.isSigned(by: key) else {
                throw .invalid("justification holds a round change with a bad sender or signature")
            }
            guard senders.insert(m.sender).inserted else { throw .invalid("justification counts sender \(m.sender) twice") }
            let payload = try Payload(encoded: m.payload)
            if let prepared = payload.preparedRound {
                guard prepared < round else { throw .invalid("a round change reports a prepared round not below its round") }
                try verifyPrepareCertificate(
                    payload.prepares, value: m.value, chainID: chainID, height: height, round: prepared, set: set,
                    bugs: bugs)
                if highest == nil || prepared > highest!.round { highest = (prepared, m.value) }
            }
        }
        guard Quorum.isSuperMajority(signed: Quorum.power(of: senders.map { Int($0) }, in: set), total: set.totalPower) else {
            throw .invalid("justification does not hold a quorum of round changes")
        }
        if let highest, highest.value != proposal, !bugs.contains(.noLock) {
            throw .invalid("a value was prepared in round \(highest.round); the proposal must re-propose it")
        }
    }

    /// The highest prepared round a PRE-PREPARE's justification reports, with its value, read
    /// without checking signatures (the IBFT instance checks the justification in full).
    public static func highestPrepared(inJustification payload: [UInt8]) -> (round: UInt64, value: Hash32)? {
        guard case .array(let items)? = try? CBORDecoder.decode(payload) else { return nil }
        var highest: (round: UInt64, value: Hash32)?
        for item in items {
            guard let m = try? ConsensusMessage(cbor: item), let r = (try? Payload(encoded: m.payload))?.preparedRound else {
                continue
            }
            if highest == nil || r > highest!.round { highest = (r, m.value) }
        }
        return highest
    }

    /// Checks that `prepares` is a prepared certificate: distinct validators' signed PREPAREs for
    /// `value` at (`height`, `round`) holding more than 2/3 of the voting power.
    public static func verifyPrepareCertificate(
        _ prepares: [ConsensusMessage], value: Hash32, chainID: String, height: UInt64, round: UInt64, set: ValidatorSet
    ) throws(TypesError) {
        try verifyPrepareCertificate(
            prepares, value: value, chainID: chainID, height: height, round: round, set: set, bugs: [])
    }

    /// `verifyPrepareCertificate` with the simulator's bug switches.
    @_spi(Simulation)
    public static func verifyPrepareCertificate(
        _ prepares: [ConsensusMessage], value: Hash32, chainID: String, height: UInt64, round: UInt64, set: ValidatorSet,
        bugs: InjectedBugs
    ) throws(TypesError) {
        var senders = Set<UInt64>()
        var power: UInt64 = 0
        for p in prepares {
            guard p.kind == .prepare, p.chainID == chainID, p.height == height, p.round == round, p.value == value,
                p.payload.isEmpty || bugs.contains(.duplicateVotes), p.sender < UInt64(set.count),
                let key = set.identityKeys[Int(p.sender)],
                p.isSigned(by: key), senders.insert(p.sender).inserted || bugs.contains(.duplicateVotes)
            else { throw .invalid("prepare certificate holds an invalid or duplicate prepare") }
            power += set.validators[Int(p.sender)].votingPower
        }
        guard Quorum.isSuperMajority(signed: power, total: set.totalPower) else {
            throw .invalid("prepare certificate is below quorum")
        }
    }
}
