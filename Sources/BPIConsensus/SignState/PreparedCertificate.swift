import BPIHash
import BPITypes

/// A validator's lock (QBFT): the latest round in which it saw a quorum PREPARE one value, and
/// those PREPAREs, kept in canonical order (ascending sender) so that every message built from it
/// (a ROUND-CHANGE, also one re-sent after a restart) has the same bytes.
public struct PreparedCertificate: Sendable, Equatable {
    /// The round in which the value was prepared.
    public var round: UInt64
    /// The prepared value (header hash).
    public var value: Hash32
    /// The quorum of PREPAREs, sorted by sender.
    public private(set) var prepares: [ConsensusMessage]

    /// A certificate; `prepares` are put in canonical order.
    public init(round: UInt64, value: Hash32, prepares: [ConsensusMessage]) {
        self.round = round
        self.value = value
        self.prepares = prepares.sorted { $0.sender < $1.sender }
    }
}
