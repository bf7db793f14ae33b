import BPITypes

/// What a validator durably remembers of its own signing at the height in flight (docs/SPEC.md
/// §7.3, "Sign state"): the highest round it entered, its lock, and every message it signed.
/// After a crash the IBFT instance resumes from it, so it never votes in a round it already left,
/// never replaces its lock with a lower-round one, and never signs two different messages for one
/// (height, round, kind).
public struct SignState: Sendable, Equatable {
    /// The height.
    public var height: UInt64
    /// The highest round entered at this height.
    public var round: UInt64
    /// The lock (prepare certificate), if any.
    public var prepared: PreparedCertificate?
    /// The messages signed at this height, at most one per (round, kind).
    public var signed: [ConsensusMessage]

    /// A sign state.
    public init(height: UInt64, round: UInt64, prepared: PreparedCertificate? = nil, signed: [ConsensusMessage] = []) {
        self.height = height
        self.round = round
        self.prepared = prepared
        self.signed = signed
    }

    /// What recording `message` (entering `round`, locking on `prepared`) into this state does:
    /// the verdict and the new state. The one rule both stores (SQLite and in-memory) apply.
    public func recording(_ message: ConsensusMessage, round entered: UInt64, prepared lock: PreparedCertificate?) -> (
        SignVerdict, SignState
    ) {
        if let earlier = signed.first(where: { $0.round == message.round && $0.kind == message.kind }) {
            return (earlier == message ? .resend : .conflict(earlier), self)
        }
        var next = self
        next.round = max(round, entered)
        if let lock, prepared.map({ lock.round > $0.round }) ?? true { next.prepared = lock }
        next.signed.append(message)
        return (.fresh, next)
    }
}
