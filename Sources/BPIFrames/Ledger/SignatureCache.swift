import BPICrypto
import BPIHash
import BPITypes
import Synchronization

/// Frame signatures a validator already verified, by frame id and key (docs/SPEC.md §12.1): a
/// frame is checked on entry, again inside the block that carries it, and again when that block
/// is stored; with the cache its Ed25519 signature is verified once. The id covers the header,
/// the payload hash and the signature, so a hit is the same signature on the same bytes under the
/// same key. Bounded: past `capacity` the oldest entries are forgotten (and simply verified again).
public final class SignatureCache: Sendable {
    private struct State {
        var keys: [Hash32: Ed25519PublicKey] = [:]
        var order: [Hash32] = []
        var head = 0
    }

    private let state = Mutex(State())
    /// Most entries held.
    public let capacity: Int

    /// An empty cache of at most `capacity` entries.
    public init(capacity: Int = 65_536) { self.capacity = max(1, capacity) }

    /// Whether `frame` verifies under `key`, from the cache or by verifying (and remembering) it.
    public func isSigned(_ frame: Frame, by key: Ed25519PublicKey) -> Bool {
        let id = frame.id
        if state.withLock({ $0.keys[id] == key }) { return true }
        guard frame.isSigned(by: key) else { return false }
        state.withLock { s in
            if s.keys[id] == nil {
                if s.order.count < capacity {
                    s.order.append(id)
                } else {
                    s.keys[s.order[s.head]] = nil
                    s.order[s.head] = id
                    s.head = (s.head + 1) % capacity
                }
            }
            s.keys[id] = key
        }
        return true
    }

    /// Entries held.
    public var count: Int { state.withLock { $0.keys.count } }
}
