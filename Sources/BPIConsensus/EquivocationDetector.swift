import BPICrypto
import BPIHash
import BPITypes

/// Turns equivocation seen on the wire into evidence: it remembers the first validly signed
/// message of each validator per (kind, height, round), and when the same validator signs a
/// conflicting one (another value or payload) it returns self-contained `EquivocationEvidence`.
/// Heights below `prune(below:)` are forgotten, so memory stays bounded.
public struct EquivocationDetector: Sendable {
    private struct Slot: Hashable {
        let sender: UInt64
        let kind: UInt64
        let height: UInt64
        let round: UInt64
    }

    private let chainID: String
    private let set: ValidatorSet
    private let keys: [Ed25519PublicKey?]
    private var firstSeen: [Slot: ConsensusMessage] = [:]
    private var convicted = Set<Slot>()

    /// A detector for messages of `chainID` from validators of `set`.
    public init(chainID: String, set: ValidatorSet) {
        self.chainID = chainID
        self.set = set
        keys = set.identityKeys
    }

    /// Records a message; returns evidence the first time it conflicts with an earlier one.
    public mutating func observe(_ m: ConsensusMessage) -> EquivocationEvidence? {
        guard m.chainID == chainID, m.sender < UInt64(set.count), let key = keys[Int(m.sender)], m.isSigned(by: key) else {
            return nil
        }
        let slot = Slot(sender: m.sender, kind: m.kind.rawValue, height: m.height, round: m.round)
        guard let first = firstSeen[slot] else {
            firstSeen[slot] = m
            return nil
        }
        guard first.value != m.value || first.payload != m.payload, !convicted.contains(slot) else { return nil }
        convicted.insert(slot)
        return EquivocationEvidence(first: first, second: m)
    }

    /// Forgets everything below `height`.
    public mutating func prune(below height: UInt64) {
        firstSeen = firstSeen.filter { $0.key.height >= height }
        convicted = convicted.filter { $0.height >= height }
    }

    /// Messages currently remembered.
    public var remembered: Int { firstSeen.count }
}
