/// What one step of a poster did, for logs, metrics and tests (§18.6).
public enum AnchorEvent: Sendable, Equatable, CustomStringConvertible {
    /// A new anchor transaction left.
    case sent(height: UInt64, nonce: UInt64, maxFeePerGas: UInt64)
    /// The L1 or its node refused a send (it stays pending and is sent again later).
    case sendRefused(height: UInt64, String)
    /// A block of the canonical chain includes it.
    case included(height: UInt64, l1Block: UInt64)
    /// It is `confirmations` deep.
    case confirmed(ConfirmedAnchor)
    /// It was mined but reverted (the contract refused the height): dropped, not retried.
    case reverted(height: UInt64)
    /// A reorg dropped it; the same transaction was sent again.
    case reposted(height: UInt64)
    /// Priced out by the base fee, it was re-signed with higher fees under its nonce.
    case repriced(height: UInt64, maxFeePerGas: UInt64)
    /// The base fee is above what the fee cap allows: the anchor waits.
    case feeCapBlocked(height: UInt64, baseFee: UInt64, feeCap: UInt64)
    /// The L1 could not be asked; the step ends and the next one tries again.
    case unreachable(String)
    /// The poster stopped for good (the state could not be saved, or the L1 is another chain).
    case stopped(String)

    public var description: String {
        switch self {
        case .sent(let h, let n, let fee): return "anchor of height \(h) sent (nonce \(n), max fee \(fee) wei/gas)"
        case .sendRefused(let h, let why): return "anchor of height \(h): the L1 refused the send: \(why)"
        case .included(let h, let b): return "anchor of height \(h) included in L1 block \(b)"
        case .confirmed(let c):
            return "anchor of height \(c.height) confirmed (L1 block \(c.l1Block), \(c.confirmationLatency) ms after finality)"
        case .reverted(let h): return "anchor of height \(h) reverted on the L1 (the contract refused it); dropped"
        case .reposted(let h): return "anchor of height \(h) dropped by an L1 reorg; sent again"
        case .repriced(let h, let fee): return "anchor of height \(h) re-priced to max fee \(fee) wei/gas"
        case .feeCapBlocked(let h, let base, let cap):
            return "anchor of height \(h) waits: the L1 base fee \(base) wei/gas is above what the fee cap \(cap) allows"
        case .unreachable(let why): return "anchor step skipped: \(why)"
        case .stopped(let why): return "anchor poster stopped: \(why)"
        }
    }
}
