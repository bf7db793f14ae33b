import BPIHash
import BPITypes
import Foundation

/// The tick list of one block (docs/SPEC.md §11.2): what the proposer records and the rule both
/// validators and the light client check. The chain starts from the previous header's VRF output;
/// the block's events (its frame ids, in block order) are mixed in between clock ticks; the list
/// holds exactly `ticksPerBlock` clock ticks and ends with one; `pohRoot` is its root.
public enum BlockPoH {
    /// The list a proposer records: the events spread evenly over the block's clock ticks, so the
    /// same seed and events always give the same list (every validator can reproduce it).
    public static func record(seed: [UInt8], events: [Hash32], parameters: PoHParameters = .standard) -> [PoHRecord] {
        var recorder = PoHRecorder(seed: seed, hashesPerTick: parameters.hashesPerTick)
        let gap = parameters.ticksPerBlock * parameters.hashesPerTick / UInt64(events.count + 1)
        for event in events {
            recorder.hash(gap)
            recorder.mix(event)
        }
        // A mix-in restarts the tick count, so the clock ticks so far are fewer than ticksPerBlock.
        while recorder.records.count(where: { $0.mixin == nil }) < parameters.ticksPerBlock { recorder.tick() }
        return recorder.records
    }

    /// Every check but the replay, in order: the list hashes to `pohRoot`; its mix-ins are
    /// `events` in order; it has exactly `ticksPerBlock` clock ticks and ends with one; it starts
    /// at the seed and its records join with step counts their kinds allow (`PoHVerifier`).
    /// Returns the total number of steps.
    @discardableResult
    public static func checkStructure(
        _ records: [PoHRecord], events: [Hash32], pohRoot: Hash32, seed: [UInt8], parameters: PoHParameters = .standard
    ) throws(BlockPoHError) -> UInt64 {
        guard PoHRecord.root(records) == pohRoot else { throw .rootMismatch }
        let mixins = records.compactMap(\.mixin)
        if mixins != events {
            let sorted: ([Hash32]) -> [Hash32] = { $0.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) } }
            if mixins.count == events.count && sorted(mixins) == sorted(events) { throw .reordered }
            throw .eventsMismatch(mixins: mixins.count, events: events.count)
        }
        let ticks = records.count(where: { $0.mixin == nil })
        guard ticks == parameters.ticksPerBlock else { throw .tickCount(found: ticks, expected: parameters.ticksPerBlock) }
        guard records.last?.mixin == nil else { throw .endsWithEvent }
        do {
            return try PoHVerifier.checkLinks(records, seed: seed, hashesPerTick: parameters.hashesPerTick)
        } catch {
            throw .chain(error)
        }
    }

    /// The whole rule: `checkStructure`, then the replay of every record on `threads` threads.
    public static func check(
        _ records: [PoHRecord], events: [Hash32], pohRoot: Hash32, seed: [UInt8], parameters: PoHParameters = .standard,
        threads: Int = 1
    ) throws(BlockPoHError) {
        let total = try checkStructure(records, events: events, pohRoot: pohRoot, seed: seed, parameters: parameters)
        if let bad = PoHVerifier.firstWrongEnd(records, total: total, threads: threads) { throw .chain(.wrongEnd(index: bad)) }
    }
}

/// Why a block's tick list is refused (docs/SPEC.md §11.2).
public enum BlockPoHError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The list does not hash to the header's `pohRoot`.
    case rootMismatch
    /// The mix-ins are the block's events in another order.
    case reordered
    /// The mix-ins are not the block's events.
    case eventsMismatch(mixins: Int, events: Int)
    /// The list does not hold exactly `ticksPerBlock` clock ticks.
    case tickCount(found: Int, expected: UInt64)
    /// The list ends with an event record, not a clock tick.
    case endsWithEvent
    /// The chain itself is broken (start, links, counts, replay).
    case chain(PoHError)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .rootMismatch: return "the tick list does not hash to poh_root"
        case .reordered: return "the tick list mixes in the block's frames in another order than the block's"
        case .eventsMismatch(let m, let e): return "the tick list mixes in \(m) events that are not the block's \(e) frames"
        case .tickCount(let found, let expected): return "the tick list has \(found) clock ticks, not \(expected)"
        case .endsWithEvent: return "the tick list ends with an event, not a clock tick"
        case .chain(let e): return "\(e)"
        }
    }
}
