import BPITypes

/// Durable storage of a validator's `SignState`. `record` is one atomic, durable step (it returns
/// only once the state is on disk); a store that cannot write throws, and the validator stops.
public protocol SignStateStore: AnyObject, Sendable {
    /// The state kept for `height` (nil if this validator has not signed at it).
    func load(height: UInt64) throws(SignStateError) -> SignState?

    /// Atomically applies `SignState.recording` to the kept state of `message.height` (starting
    /// from round 0 with nothing signed) and keeps the result if the verdict is `.fresh`. States of
    /// lower heights may be forgotten.
    func record(_ message: ConsensusMessage, round: UInt64, prepared: PreparedCertificate?) throws(SignStateError)
        -> SignVerdict
}
