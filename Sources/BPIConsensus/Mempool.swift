import BPIHash
import BPITypes

/// Why the mempool refused a payload.
public enum MempoolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The payload is empty or larger than `Block.maxPayloadBytes`.
    case badSize(Int)
    /// The same bytes are already pending.
    case duplicate(Hash32)
    /// The pool holds its maximum; try again after the next blocks.
    case full(Int)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .badSize(let n): return "payload of \(n) bytes refused: it must be 1…\(Block.maxPayloadBytes) bytes"
        case .duplicate(let h): return "payload \(h) is already pending"
        case .full(let n): return "mempool is full (\(n) payloads); retry after the next block"
        }
    }
}

/// Pending payloads in arrival order (docs/SPEC.md §7.7): deduplicated by hash, bounded in count,
/// handed to the proposer in order and removed once a finalized block carries them.
public struct Mempool: Sendable {
    private var order: [Hash32] = []
    private var items: [Hash32: [UInt8]] = [:]
    /// Most payloads held at once.
    public let capacity: Int

    /// An empty pool holding at most `capacity` payloads.
    public init(capacity: Int = 10_000) { self.capacity = capacity }

    /// Number of pending payloads.
    public var count: Int { items.count }

    /// The identifier of a payload: its Merkle leaf hash `H(0x00 ‖ payload)`.
    public static func id(of payload: [UInt8]) -> Hash32 { Merkle.leafHash(payload) }

    /// Adds a payload; returns its id.
    @discardableResult
    public mutating func add(_ payload: [UInt8]) throws(MempoolError) -> Hash32 {
        guard !payload.isEmpty, payload.count <= Block.maxPayloadBytes else { throw .badSize(payload.count) }
        let id = Self.id(of: payload)
        guard items[id] == nil else { throw .duplicate(id) }
        guard items.count < capacity else { throw .full(items.count) }
        items[id] = payload
        order.append(id)
        return id
    }

    /// The oldest pending payloads, up to `maxCount` items and `maxBytes` bytes in all.
    public func batch(maxCount: Int = Block.maxPayloads, maxBytes: Int = 1 << 20) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var bytes = 0
        for id in order {
            guard let p = items[id] else { continue }
            if out.count == maxCount || bytes + p.count > maxBytes { break }
            out.append(p)
            bytes += p.count
        }
        return out
    }

    /// Every pending payload, oldest first.
    public var pending: [[UInt8]] { order.compactMap { items[$0] } }

    /// Removes payloads a finalized block carried.
    public mutating func remove(committed payloads: [[UInt8]]) {
        var removed = false
        for p in payloads where items.removeValue(forKey: Self.id(of: p)) != nil { removed = true }
        if removed { order.removeAll { items[$0] == nil } }
    }
}
