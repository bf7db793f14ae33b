import BPIHash
import BPITypes

/// Why the mempool refused a frame.
public enum MempoolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The same frame is already pending.
    case duplicate(Hash32)
    /// The pool holds its maximum number of frames; try again after the next blocks.
    case full(Int)
    /// The pool's bytes would exceed its byte budget; try again after the next blocks.
    case overBudget(bytes: Int, budget: Int)
    /// This source already holds its share of the pool (count or bytes); other sources still get in.
    case sourceOverShare(source: String, count: Int, bytes: Int)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .duplicate(let h): return "frame \(h) is already pending"
        case .full(let n): return "mempool is full (\(n) frames); retry after the next block"
        case .overBudget(let b, let budget):
            return "mempool is full (\(b) of \(budget) bytes); retry after the next block"
        case .sourceOverShare(let source, let count, let bytes):
            return
                "\(source) already has \(count) frames (\(bytes) bytes) pending, its share of the pool; retry after the next block"
        }
    }
}

/// Pending frames in arrival order (docs/SPEC.md §9.3): deduplicated by id, bounded in count and
/// in bytes, each source (an API client's address, a gossiping peer) held to a share of both so
/// one submitter cannot fill the pool for everyone; handed to the proposer in order. Which frames
/// may enter is the frame ledger's question (BPIFrames), asked before `add`.
public struct Mempool: Sendable {
    private struct Item: Sendable {
        var frame: Frame
        var size: Int
        var source: String
    }

    private var order: [Hash32] = []
    private var items: [Hash32: Item] = [:]
    private var perSource: [String: (count: Int, bytes: Int)] = [:]
    /// Most frames held at once.
    public let capacity: Int
    /// Most frame bytes held at once.
    public let byteCapacity: Int
    /// Most frames, and bytes, one source may hold: this fraction of `capacity` and `byteCapacity`.
    public let sourceShare: Double
    /// Frame bytes held (canonical encodings).
    public private(set) var bytes = 0

    /// An empty pool holding at most `capacity` frames and `byteCapacity` bytes, each source at
    /// most `sourceShare` of both.
    public init(capacity: Int = 10_000, byteCapacity: Int = 64 << 20, sourceShare: Double = 0.5) {
        self.capacity = capacity
        self.byteCapacity = byteCapacity
        self.sourceShare = min(1, max(0, sourceShare))
    }

    /// Number of pending frames.
    public var count: Int { items.count }

    /// Whether the frame with this id is pending.
    public func contains(_ id: Hash32) -> Bool { items[id] != nil }

    /// Whether `frame` (of `size` canonical bytes) from `source` would fit; throws why not.
    public func admits(_ id: Hash32, size: Int, source: String) throws(MempoolError) {
        guard items[id] == nil else { throw .duplicate(id) }
        guard items.count < capacity else { throw .full(items.count) }
        guard bytes + size <= byteCapacity else { throw .overBudget(bytes: bytes, budget: byteCapacity) }
        let held = perSource[source] ?? (0, 0)
        guard Double(held.count + 1) <= sourceShare * Double(capacity),
            Double(held.bytes + size) <= sourceShare * Double(byteCapacity)
        else { throw .sourceOverShare(source: source, count: held.count, bytes: held.bytes) }
    }

    /// Adds a frame (`size`: its canonical length) from `source`; returns its id.
    @discardableResult
    public mutating func add(_ frame: Frame, size: Int, source: String = "local") throws(MempoolError) -> Hash32 {
        let id = frame.id
        try admits(id, size: size, source: source)
        items[id] = Item(frame: frame, size: size, source: source)
        order.append(id)
        bytes += size
        let held = perSource[source] ?? (0, 0)
        perSource[source] = (held.count + 1, held.bytes + size)
        return id
    }

    /// Frames and bytes `source` has pending.
    public func held(by source: String) -> (count: Int, bytes: Int) { perSource[source] ?? (0, 0) }

    /// The oldest pending frames, up to `maxCount` frames and `maxBytes` bytes in all; it stops at
    /// the first that does not fit, so every sender's frames come as an unbroken prefix.
    public func batch(maxCount: Int = Block.maxFrames, maxBytes: Int = 1 << 20) -> [Frame] {
        var out: [Frame] = []
        var bytes = 0
        for id in order {
            guard let item = items[id] else { continue }
            if out.count == maxCount || bytes + item.size > maxBytes { break }
            out.append(item.frame)
            bytes += item.size
        }
        return out
    }

    /// Every pending frame, oldest first, with its source.
    public var pending: [(frame: Frame, source: String)] { order.compactMap { items[$0].map { ($0.frame, $0.source) } } }

    /// Keeps only the frames `keep` accepts, asked oldest first (after a block: what is still valid).
    public mutating func retain(where keep: (Frame) -> Bool) {
        var removed = false
        for id in order {
            guard let item = items[id], !keep(item.frame) else { continue }
            items[id] = nil
            removed = true
            bytes -= item.size
            let held = perSource[item.source] ?? (1, item.size)
            perSource[item.source] = held.count > 1 ? (held.count - 1, held.bytes - item.size) : nil
        }
        if removed { order.removeAll { items[$0] == nil } }
    }
}
