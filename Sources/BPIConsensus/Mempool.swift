import BPIHash
import BPITypes

/// Why the mempool refused a payload.
public enum MempoolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The payload is empty or larger than `Block.maxPayloadBytes`.
    case badSize(Int)
    /// The same bytes are already pending.
    case duplicate(Hash32)
    /// The same bytes were finalized at `height`: a payload id is unique for the chain's life
    /// (SPEC §9.3), so they are never finalized twice.
    case alreadyFinalized(Hash32, height: UInt64)
    /// The pool holds its maximum number of payloads; try again after the next blocks.
    case full(Int)
    /// The pool's bytes would exceed its byte budget; try again after the next blocks.
    case overBudget(bytes: Int, budget: Int)
    /// This source already holds its share of the pool (count or bytes); other sources still get in.
    case sourceOverShare(source: String, count: Int, bytes: Int)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .badSize(let n): return "payload of \(n) bytes refused: it must be 1…\(Block.maxPayloadBytes) bytes"
        case .duplicate(let h): return "payload \(h) is already pending"
        case .alreadyFinalized(let h, let height):
            return "payload \(h) was finalized at height \(height); a payload is finalized once for the chain's life"
        case .full(let n): return "mempool is full (\(n) payloads); retry after the next block"
        case .overBudget(let b, let budget):
            return "mempool is full (\(b) of \(budget) bytes); retry after the next block"
        case .sourceOverShare(let source, let count, let bytes):
            return
                "\(source) already has \(count) payloads (\(bytes) bytes) pending, its share of the pool; retry after the next block"
        }
    }
}

/// Pending payloads in arrival order (docs/SPEC.md §9.3): deduplicated by hash, bounded in count
/// and in bytes, each source (an API client's address, a gossiping peer) held to a share of both so
/// one submitter cannot fill the pool for everyone; handed to the proposer in order and removed
/// once a finalized block carries them.
public struct Mempool: Sendable {
    private struct Item: Sendable {
        var payload: [UInt8]
        var source: String
    }

    private var order: [Hash32] = []
    private var items: [Hash32: Item] = [:]
    private var perSource: [String: (count: Int, bytes: Int)] = [:]
    /// Most payloads held at once.
    public let capacity: Int
    /// Most payload bytes held at once.
    public let byteCapacity: Int
    /// Most payloads, and bytes, one source may hold: this fraction of `capacity` and `byteCapacity`.
    public let sourceShare: Double
    /// Payload bytes held.
    public private(set) var bytes = 0

    /// An empty pool holding at most `capacity` payloads and `byteCapacity` bytes, each source at
    /// most `sourceShare` of both.
    public init(capacity: Int = 10_000, byteCapacity: Int = 64 << 20, sourceShare: Double = 0.5) {
        self.capacity = capacity
        self.byteCapacity = byteCapacity
        self.sourceShare = min(1, max(0, sourceShare))
    }

    /// Number of pending payloads.
    public var count: Int { items.count }

    /// Whether the payload with this id is pending.
    public func contains(_ id: Hash32) -> Bool { items[id] != nil }

    /// The identifier of a payload: its Merkle leaf hash `H(0x00 ‖ payload)`.
    public static func id(of payload: [UInt8]) -> Hash32 { Merkle.leafHash(payload) }

    /// Adds a payload from `source`; returns its id.
    @discardableResult
    public mutating func add(_ payload: [UInt8], source: String = "local") throws(MempoolError) -> Hash32 {
        guard !payload.isEmpty, payload.count <= Block.maxPayloadBytes else { throw .badSize(payload.count) }
        let id = Self.id(of: payload)
        guard items[id] == nil else { throw .duplicate(id) }
        guard items.count < capacity else { throw .full(items.count) }
        guard bytes + payload.count <= byteCapacity else { throw .overBudget(bytes: bytes, budget: byteCapacity) }
        let held = perSource[source] ?? (0, 0)
        guard Double(held.count + 1) <= sourceShare * Double(capacity),
            Double(held.bytes + payload.count) <= sourceShare * Double(byteCapacity)
        else { throw .sourceOverShare(source: source, count: held.count, bytes: held.bytes) }
        items[id] = Item(payload: payload, source: source)
        order.append(id)
        bytes += payload.count
        perSource[source] = (held.count + 1, held.bytes + payload.count)
        return id
    }

    /// Payloads and bytes `source` has pending.
    public func held(by source: String) -> (count: Int, bytes: Int) { perSource[source] ?? (0, 0) }

    /// The oldest pending payloads, up to `maxCount` items and `maxBytes` bytes in all.
    public func batch(maxCount: Int = Block.maxPayloads, maxBytes: Int = 1 << 20) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var bytes = 0
        for id in order {
            guard let p = items[id]?.payload else { continue }
            if out.count == maxCount || bytes + p.count > maxBytes { break }
            out.append(p)
            bytes += p.count
        }
        return out
    }

    /// Every pending payload, oldest first.
    public var pending: [[UInt8]] { order.compactMap { items[$0]?.payload } }

    /// Removes payloads a finalized block carried.
    public mutating func remove(committed payloads: [[UInt8]]) {
        var removed = false
        for p in payloads {
            guard let item = items.removeValue(forKey: Self.id(of: p)) else { continue }
            removed = true
            bytes -= item.payload.count
            let held = perSource[item.source] ?? (1, item.payload.count)
            perSource[item.source] = held.count > 1 ? (held.count - 1, held.bytes - item.payload.count) : nil
        }
        if removed { order.removeAll { items[$0] == nil } }
    }
}
