import BPIDockLock
import BPIFrames
import BPIHash
import BPITypes
import Foundation

/// A validator's checks of the DockLock frames (docs/SPEC.md §13.5, §14.5): a receipt is
/// re-executed from the witness log its frame carries — under its agreement, whose bundle must
/// already be pinned in a finalized block — and refused unless the replay reproduces it; an
/// agreement frame is refused unless its policies load. Verdicts are kept by frame id, so a frame
/// checked when it entered the mempool is not checked again when a proposal carries it. Shared
/// between the API, gossip and the consensus driver; thread-safe.
public final class ReceiptReplayCheck: @unchecked Sendable {
    private let lock = NSLock()
    private var checked: Set<Hash32> = []
    private var loaded: [Hash32: Agreement] = [:]
    private let pinned: @Sendable (Hash32) throws -> AgreementBundle?
    /// Verdicts kept before the set starts over.
    static let capacity = 65_536
    /// Loaded agreements kept before the cache starts over.
    static let agreementCapacity = 256

    /// A check that finds pinned bundles with `pinned` (the block store's; none by default).
    public init(pinned: @escaping @Sendable (Hash32) throws -> AgreementBundle? = { _ in nil }) {
        self.pinned = pinned
    }

    /// Refuses `frame` (one that passed the frame rules) unless its receipt replays or its
    /// agreement's policies load; other kinds pass.
    public func check(_ frame: Frame) throws(FrameError) {
        guard frame.header.kind == .receipt || frame.header.kind == .agreement else { return }
        let id = frame.id
        if lock.withLock({ checked.contains(id) }) { return }
        if frame.header.kind == .agreement {
            do {
                _ = try Agreement(bundle: try AgreementRules.check(frame))
            } catch let error as FrameError {
                throw error
            } catch {
                throw .badAgreement("its policies do not load: \(error)")
            }
        } else {
            try replay(frame)
        }
        lock.withLock {
            if checked.count >= Self.capacity { checked.removeAll(keepingCapacity: true) }
            checked.insert(id)
        }
    }

    private func replay(_ frame: Frame) throws(FrameError) {
        let submission: ReceiptSubmission
        do {
            submission = try ReceiptSubmission(canonicalBytes: frame.sealedPayload)
        } catch {
            throw .badReceipt("the payload is not a receipt submission: \(error)")
        }
        let agreement = try agreement(submission.receipt.runHeader.agreementID)
        do {
            _ = try DockLock.replay(submission.receipt, witness: submission.witnessLog, agreement: agreement)
        } catch {
            throw .badReceipt("it does not replay from its witness: \(error)")
        }
    }

    /// The loaded agreement `id` names (nil for zero), from the pinned bundles.
    private func agreement(_ id: Hash32) throws(FrameError) -> Agreement? {
        guard id != .zero else { return nil }
        if let a = lock.withLock({ loaded[id] }) { return a }
        let bundle: AgreementBundle?
        do {
            bundle = try pinned(id)
        } catch {
            throw .badReceipt("the pinned agreements cannot be read: \(error)")
        }
        guard let bundle else {
            throw .badReceipt(
                "its agreement \(id.hex) is not pinned in a finalized block: pin it first (agreementc pin) and wait for finality")
        }
        let agreement: Agreement
        do {
            agreement = try Agreement(bundle: bundle)
        } catch {
            throw .badReceipt("its pinned agreement does not load: \(error)")
        }
        lock.withLock {
            if loaded.count >= Self.agreementCapacity { loaded.removeAll(keepingCapacity: true) }
            loaded[id] = agreement
        }
        return agreement
    }

    /// Why one of `frames` does not pass, or nil.
    public func invalidity(_ frames: [Frame]) -> String? {
        for frame in frames where frame.header.kind == .receipt || frame.header.kind == .agreement {
            do {
                try check(frame)
            } catch {
                return "frame \(frame.id): \(error)"
            }
        }
        return nil
    }
}
