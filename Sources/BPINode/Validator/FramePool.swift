import BPIConsensus
import BPICrypto
import BPIFrames
import BPIHash
import BPIPoH
import BPITypes

/// Why a frame was not taken into the pool (HTTP: 422 for a frame the rules refuse, 409 for a
/// duplicate or a replay, 429/503 for a full pool).
public enum FramePoolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The frame rules refused it (signature, nonce, chain, tick, registration, size).
    case refused(FrameError)
    /// The pool refused it (duplicate, full, over a source's share).
    case pool(MempoolError)
    /// This validator refuses the sender's frames when they come directly (the test switch
    /// `refuse_frames_from`, docs/SPEC.md §18.10): only the force-inclusion inbox brings them in.
    case censored(String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .refused(let e): return e.description
        case .pool(let e): return e.description
        case .censored(let why): return why
        }
    }
}

/// The validator's pending frames (docs/SPEC.md §9.3, §12.1): the `Mempool` and the frame ledger
/// with those frames recorded on top of the finalized one, so a frame is checked on entry as the
/// next of its sender after everything pending. After each block the pool is re-checked on the new
/// ledger in arrival order (signatures verified before are not verified again, `SignatureCache`):
/// what the block carried, and what it made invalid or stale, leaves. Frames spread by gossip on
/// arrival and by a bounded push to a peer whose channel (re-)opens — the oldest 4 MiB, at most
/// once per peer every 5 s.
public struct FramePool: Sendable {
    /// The pending frames.
    public private(set) var mempool = Mempool()
    /// The finalized ledger with the pending frames recorded.
    public private(set) var pending: FrameLedger
    /// Signatures verified here (shared with the chain's checks of proposals and stored blocks).
    public let signatures: SignatureCache
    private var lastPush: [[UInt8]: ContinuousClock.Instant] = [:]
    /// Bytes a reconnect push carries at most.
    public static let pushBytes = 4 << 20
    /// Least time between two pushes to one peer.
    public static let pushInterval: Duration = .seconds(5)

    /// An empty pool on the finalized `ledger`.
    public init(ledger: FrameLedger, signatures: SignatureCache = SignatureCache()) {
        pending = ledger
        self.signatures = signatures
    }

    /// Checks `frame` as the next of its sender after the pending frames (for height `height`,
    /// with `ticks` the finalized ticks) and adds it; returns its id. `receipts`, when given,
    /// replays a receipt frame once the cheap rules passed and before it is taken.
    /// `context` (chain id and the set signing the next block) is what keygen and key-share frames
    /// are checked against (§16.5).
    public mutating func add(
        _ frame: Frame, source: String, ticks: TickWindow, height: UInt64, receipts: ReceiptReplayCheck? = nil,
        context: ThresholdContext? = nil
    ) throws(FramePoolError) -> Hash32 {
        let id = frame.id
        let size = frame.canonicalBytes().count
        do {
            try mempool.admits(id, size: size, source: source)
        } catch {
            throw .pool(error)
        }
        do {
            try pending.check(frame, ticks: ticks, for: height, signatures: signatures, context: context)
            try receipts?.check(frame)
        } catch {
            throw .refused(error)
        }
        do {
            try mempool.add(frame, size: size, source: source)
        } catch {
            throw .pool(error)
        }
        pending.record(frame, height: height, context: context)
        return id
    }

    /// The chain moved to `ledger`: re-checks every pending frame in arrival order for `height`
    /// and keeps those still valid. Returns how many left.
    @discardableResult
    public mutating func rebuild(on ledger: FrameLedger, ticks: TickWindow, height: UInt64, context: ThresholdContext? = nil)
        -> Int
    {
        var next = ledger
        let before = mempool.count
        mempool.retain { next.take($0, ticks: ticks, for: height, signatures: signatures, context: context) }
        pending = next
        return before - mempool.count
    }

    /// The frames to push to `peer` now that its channel is up (empty if it was pushed to recently).
    public mutating func push(to peer: [UInt8], now: ContinuousClock.Instant = .now) -> [Frame] {
        if let last = lastPush[peer], now - last < Self.pushInterval { return [] }
        lastPush[peer] = now
        return mempool.batch(maxCount: mempool.capacity, maxBytes: Self.pushBytes)
    }
}
