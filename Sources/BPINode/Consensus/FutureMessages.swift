import BPIRules
import BPITypes

/// Consensus messages for heights this validator has not reached yet, replayed when it gets
/// there. Only messages whose signature was checked against the current set are kept, at most
/// `perSenderAndHeight` per sender and height and only up to `maxHeightsAhead` heights ahead, so
/// a faulty peer cannot fill memory; heights already passed are pruned.
public struct FutureMessages: Sendable {
    /// Messages kept per sender and height.
    public static let perSenderAndHeight = 64
    /// How far ahead of the current height messages are kept.
    public static let maxHeightsAhead: UInt64 = 16
    private var messages: [UInt64: [UInt64: [VerifiedMessage]]] = [:]

    /// An empty buffer.
    public init() {}

    /// Keeps `verified` if it is for a height not yet decided (at most 16 ahead of
    /// `currentHeight`) and within its sender's bound. Returns whether it was kept.
    public mutating func add(_ verified: VerifiedMessage, currentHeight: UInt64) -> Bool {
        let m = verified.message
        guard m.height >= currentHeight, m.height - currentHeight <= Self.maxHeightsAhead else { return false }
        var bySender = messages[m.height] ?? [:]
        var list = bySender[m.sender] ?? []
        guard list.count < Self.perSenderAndHeight else { return false }
        guard !list.contains(verified) else { return true }
        list.append(verified)
        bySender[m.sender] = list
        messages[m.height] = bySender
        return true
    }

    /// The messages kept for `height`, removed with those of lower heights.
    public mutating func take(height: UInt64) -> [VerifiedMessage] {
        let taken = (messages[height] ?? [:]).keys.sorted().flatMap { messages[height]![$0]! }
        prune(below: height + 1)
        return taken
    }

    /// Forgets everything below `height`.
    public mutating func prune(below height: UInt64) { messages = messages.filter { $0.key >= height } }

    /// How many messages are kept.
    public var count: Int { messages.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } } }
}
