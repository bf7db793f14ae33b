import BPIHash
import BPITypes

/// The recent finalized ticks a frame may name (docs/SPEC.md §12.1): the record ends of the
/// last `window` blocks' tick lists, and height 0's single tick, the genesis hash. A frame checked
/// for height `h` must name a tick of a height in `h − 1 − window … h − 1` that exists and matches.
public struct TickWindow: Sendable, Equatable {
    /// How many blocks back a frame's tick may be (64 by default).
    public let window: UInt64
    /// The latest height whose ticks are held.
    public private(set) var latest: UInt64 = 0
    private var ends: [UInt64: [Hash32]]

    /// The default window: 64 blocks (16 s at 250 ms blocks).
    public static let defaultWindow: UInt64 = 64

    /// A window at genesis.
    public init(genesisHash: Hash32, window: UInt64 = defaultWindow) {
        self.window = window
        ends = [0: [genesisHash]]
    }

    /// Adds the tick list of the next height and forgets heights that left the window.
    public mutating func append(height: UInt64, records: [PoHRecord]) {
        ends[height] = records.map(\.end)
        latest = max(latest, height)
        if latest > window + 1 { ends = ends.filter { $0.key + window + 1 >= latest } }
    }

    /// The oldest tick height a frame checked for `height` may name.
    public func oldest(for height: UInt64) -> UInt64 { height > window + 1 ? height - 1 - window : 0 }

    /// Checks `ref` for a frame checked for `height` (the next height on entry, the block's height
    /// inside a block).
    public func check(_ ref: TickRef, for height: UInt64) throws(TickWindowError) {
        guard ref.height < height else { throw .unknown("height \(ref.height) is not finalized before height \(height)") }
        guard ref.height >= oldest(for: height) else { throw .stale(height: ref.height, oldest: oldest(for: height)) }
        guard let list = ends[ref.height] else { throw .unknown("height \(ref.height)'s ticks are not known here") }
        guard ref.tickIndex < UInt64(list.count) else {
            throw .unknown("height \(ref.height) has \(list.count) ticks, no tick \(ref.tickIndex)")
        }
        guard list[Int(ref.tickIndex)] == ref.tickHash else {
            throw .unknown("tick \(ref.tickIndex) of height \(ref.height) is not \(ref.tickHash)")
        }
    }

    /// The newest tick (what a sender names to be as fresh as possible).
    public var newest: TickRef {
        let list = ends[latest] ?? []
        return TickRef(height: latest, tickIndex: UInt64(max(0, list.count - 1)), tickHash: list.last ?? .zero)
    }
}

/// Why a tick reference is refused.
public enum TickWindowError: Error, Equatable, Sendable {
    /// No such finalized tick, or another hash.
    case unknown(String)
    /// Older than the window.
    case stale(height: UInt64, oldest: UInt64)
}
