import BPIDockLock
import BPIFrames
import BPIHash
import BPITypes
import Foundation

/// A validator's replay of receipt frames (docs/SPEC.md §13.5): the receipt is re-executed from the
/// witness log its frame carries, and refused unless the replay reproduces it. Verdicts are kept by
/// frame id, so a receipt replayed when it entered the mempool is not replayed again when a
/// proposal carries it. Shared between the API, gossip and the consensus driver; thread-safe.
public final class ReceiptReplayCheck: @unchecked Sendable {
    private let lock = NSLock()
    private var replayed: Set<Hash32> = []
    /// Verdicts kept before the set starts over.
    static let capacity = 65_536

    /// An empty check.
    public init() {}

    /// Refuses `frame` (a receipt frame that passed `ReceiptRules`) unless its receipt replays.
    public func check(_ frame: Frame) throws(FrameError) {
        guard frame.header.kind == .receipt else { return }
        let id = frame.id
        if lock.withLock({ replayed.contains(id) }) { return }
        let submission: ReceiptSubmission
        do {
            submission = try ReceiptSubmission(canonicalBytes: frame.sealedPayload)
        } catch {
            throw .badReceipt("the payload is not a receipt submission: \(error)")
        }
        do {
            _ = try DockLock.replay(submission.receipt, witness: submission.witnessLog)
        } catch {
            throw .badReceipt("it does not replay from its witness: \(error)")
        }
        lock.withLock {
            if replayed.count >= Self.capacity { replayed.removeAll(keepingCapacity: true) }
            replayed.insert(id)
        }
    }

    /// Why one of `frames` does not replay, or nil.
    public func invalidity(_ frames: [Frame]) -> String? {
        for frame in frames where frame.header.kind == .receipt {
            do {
                try check(frame)
            } catch {
                return "frame \(frame.id): \(error)"
            }
        }
        return nil
    }
}
