import BPIFrames
import BPITypes

/// What `GET /v1/set-change` answers (docs/SPEC.md §19): the set signing the next height, the
/// votes cast in it, the change they scheduled and the changes that took effect, as of the
/// finalized chain.
public struct SetChangeView: Codable, Sendable, Equatable {
    /// Votes for one proposed set.
    public struct Tally: Codable, Sendable, Equatable {
        public var setHash: String
        public var validators: [ValidatorInfo.JSONForm]
        /// Indices, in the signing set, of the validators voting for it.
        public var voters: [UInt32]
        /// Their voting power, and the least power that is more than two thirds of the set's.
        public var power: UInt64
        public var needed: UInt64
    }

    /// A change the votes decided.
    public struct Change: Codable, Sendable, Equatable {
        public var setHash: String
        public var decidedAt: UInt64
        /// The first height the new set signs.
        public var activation: UInt64
        public var validators: [ValidatorInfo.JSONForm]
    }

    /// The latest finalized height.
    public var height: UInt64
    /// The set signing the next height.
    public var setHash: String
    public var validators: [ValidatorInfo.JSONForm]
    /// This validator's index in that set (null: it follows the chain without signing).
    public var index: Int?
    public var votes: [Tally]
    public var scheduled: Change?
    /// Changes that took effect, oldest first.
    public var history: [Change]

    /// The view of `ledger` after `height`, with `set` signing next and this validator at `index`.
    init(ledger: SetChangeLedger, set: ValidatorSet, height: UInt64, index: Int?) {
        func change(_ c: ScheduledSetChange) -> Change {
            Change(
                setHash: c.set.hash.description, decidedAt: c.decidedAt, activation: c.activation,
                validators: c.set.validators.map(\.jsonForm))
        }
        self.height = height
        setHash = set.hash.description
        validators = set.validators.map(\.jsonForm)
        self.index = index
        let total = set.totalPower
        votes = ledger.tallies.map { t in
            Tally(
                setHash: t.set.hash.description, validators: t.set.validators.map(\.jsonForm), voters: t.voters,
                power: t.voters.reduce(0) { $0 + (Int($1) < set.count ? set.validators[Int($1)].votingPower : 0) },
                needed: 2 * total / 3 + 1)
        }
        scheduled = ledger.scheduled.map(change)
        history = ledger.history.map(change)
    }
}
