import BPITypes
import Foundation

/// A `SignStateStore` in memory, with the same semantics as the node's SQLite store: for tests
/// and the Byzantine simulator, where a "crash" drops the validator's instance but keeps this
/// store (its disk). `failWrites` makes every write fail, to test that a validator then stops.
public final class InMemorySignStateStore: SignStateStore, @unchecked Sendable {
    private let lock = NSLock()
    private var states: [UInt64: SignState] = [:]
    private var failing = false

    /// An empty store.
    public init() {}

    /// When true, every `record` throws (a full or failing disk).
    public var failWrites: Bool {
        get { lock.withLock { failing } }
        set { lock.withLock { failing = newValue } }
    }

    /// The state kept for `height`.
    public func load(height: UInt64) throws(SignStateError) -> SignState? {
        lock.withLock {
            states[height]
        }
    }

    /// Records `message` (see `SignStateStore.record`).
    public func record(_ message: ConsensusMessage, round: UInt64, prepared: PreparedCertificate?) throws(SignStateError)
        -> SignVerdict
    {
        let result: Result<SignVerdict, SignStateError> = lock.withLock {
            if failing { return .failure(SignStateError("the disk refused the write")) }
            let current = states[message.height] ?? SignState(height: message.height, round: 0)
            let (verdict, next) = current.recording(message, round: round, prepared: prepared)
            if verdict == .fresh {
                states[message.height] = next
                states = states.filter { $0.key >= message.height }
            }
            return .success(verdict)
        }
        return try result.get()
    }
}
