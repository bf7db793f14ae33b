import BPICrypto
import BPIHash
import BPIRules
import BPITypes

/// Turns equivocation seen on the wire into evidence: it remembers the first validly signed
/// message of each validator per (kind, height, round), and when the same validator signs a
/// conflicting one (another value or payload) it returns self-contained `EquivocationEvidence`.
/// Memory stays bounded against a validator that signs without limit: heights below
/// `prune(below:)` are forgotten, heights more than `maxHeightsAhead` above it are ignored, and at
/// most `maxSlotsPerSenderAndHeight` slots are kept per sender and height. It takes only
/// `VerifiedMessage`s: signatures are checked once, on receipt, by the caller.
public struct EquivocationDetector: Sendable {
    private struct Slot: Hashable {
        let sender: UInt64
        let kind: UInt64
        let height: UInt64
        let round: UInt64
    }

    private let chainID: String
    private let set: ValidatorSet
    private var firstSeen: [Slot: ConsensusMessage] = [:]
    private var convicted = Set<Slot>()
    private var slotsPerSenderAndHeight: [SenderHeight: Int] = [:]
    private var floor: UInt64 = 0

    private struct SenderHeight: Hashable {
        let sender: UInt64
        let height: UInt64
    }

    /// Heights above the pruning floor that are still watched.
    public static let maxHeightsAhead: UInt64 = 16
    /// Slots (kind × round) remembered per sender and height.
    public static let maxSlotsPerSenderAndHeight = 256

    /// A detector for messages of `chainID` from validators of `set`.
    public init(chainID: String, set: ValidatorSet) {
        self.chainID = chainID
        self.set = set
    }

    /// Records a message whose signature was checked on receipt; returns evidence the first time
    /// it conflicts with an earlier one of the same slot.
    public mutating func observe(_ verified: VerifiedMessage) -> EquivocationEvidence? {
        let m = verified.message
        guard m.chainID == chainID, m.sender < UInt64(set.count), m.height >= floor, m.height - floor <= Self.maxHeightsAhead
        else { return nil }
        let slot = Slot(sender: m.sender, kind: m.kind.rawValue, height: m.height, round: m.round)
        if let first = firstSeen[slot] {
            guard first.value != m.value || first.payload != m.payload, convicted.insert(slot).inserted else { return nil }
            return EquivocationEvidence(first: first, second: m)
        }
        let bucket = SenderHeight(sender: m.sender, height: m.height)
        guard slotsPerSenderAndHeight[bucket, default: 0] < Self.maxSlotsPerSenderAndHeight else { return nil }
        firstSeen[slot] = m
        slotsPerSenderAndHeight[bucket, default: 0] += 1
        return nil
    }

    /// Forgets everything below `height`; from now on, heights more than `maxHeightsAhead` above
    /// it are ignored.
    public mutating func prune(below height: UInt64) {
        floor = max(floor, height)
        firstSeen = firstSeen.filter { $0.key.height >= height }
        convicted = convicted.filter { $0.height >= height }
        slotsPerSenderAndHeight = slotsPerSenderAndHeight.filter { $0.key.height >= height }
    }

    /// Messages currently remembered.
    public var remembered: Int { firstSeen.count }
}
