import BPITypes

/// Checks received consensus messages' signatures against one validator set, and remembers the
/// messages it checked so that a message received again (validators re-send theirs every 500 ms
/// until a height is decided) costs a lookup, not a signature check. A remembered message only
/// matches the identical message — same fields, same signature — so a valid signature copied onto
/// other content is checked, and refused, like any other. Memory is bounded: at most
/// `capacity` messages are remembered, and heights below `prune(below:)` are forgotten.
public struct MessageVerifier: Sendable {
    /// The set signatures are checked against.
    public let set: ValidatorSet
    /// Messages remembered at most; past it the memory starts again empty.
    public let capacity: Int
    private var checked: [[UInt8]: ConsensusMessage] = [:]

    /// The default capacity: a few heights' worth of every validator's messages on a large set.
    public static let defaultCapacity = 8_192

    /// A verifier for messages of `set`'s validators, remembering at most `capacity` messages.
    public init(set: ValidatorSet, capacity: Int = MessageVerifier.defaultCapacity) {
        self.set = set
        self.capacity = max(1, capacity)
    }

    /// `m` verified, or nil when its sender or signature is not valid in the set.
    public mutating func verify(_ m: ConsensusMessage) -> VerifiedMessage? {
        if let known = checked[m.signature], known == m { return VerifiedMessage(unchecked: m) }
        guard let verified = VerifiedMessage(m, signedIn: set) else { return nil }
        if checked.count >= capacity { checked.removeAll(keepingCapacity: true) }
        checked[m.signature] = m
        return verified
    }

    /// Forgets the messages of heights below `height`.
    public mutating func prune(below height: UInt64) { checked = checked.filter { $0.value.height >= height } }

    /// Messages remembered.
    public var remembered: Int { checked.count }
}
