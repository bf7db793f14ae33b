import BPICodec
import BPIHash
import BPITypes
import Dispatch
import Foundation
import Synchronization

/// Replays a block's Proof-of-History tick list (docs/SPEC.md §11). The cheap checks run first and
/// in order — the first record starts at the seed's chain start, each record starts where the
/// previous ended, step counts fit their kind, the total is bounded — then the records are
/// replayed in parallel: each carries its start, so many segments of about equal work are taken by
/// the cores as they come free (a core slowed by another process does not hold the others back).
public enum PoHVerifier {
    /// Checks `records` against `seed`; throws the first fault (lowest index).
    public static func verify(
        _ records: [PoHRecord], seed: [UInt8], hashesPerTick: UInt64, maxHashes: UInt64 = .max,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(PoHError) {
        let total = try checkLinks(records, seed: seed, hashesPerTick: hashesPerTick, maxHashes: maxHashes)
        if let bad = firstWrongEnd(records, total: total, threads: threads) { throw .wrongEnd(index: bad) }
    }

    /// The checks that need no replay, in order: the first record starts at the seed's chain
    /// start, each record starts where the previous ended, step counts fit their kind, the total
    /// is within `maxHashes`. Returns the total number of steps.
    @discardableResult
    public static func checkLinks(
        _ records: [PoHRecord], seed: [UInt8], hashesPerTick: UInt64, maxHashes: UInt64 = .max
    ) throws(PoHError) -> UInt64 {
        guard let first = records.first else { return 0 }
        guard first.start == PoHHash.start(seed: seed) else { throw .badStart }
        var total: UInt64 = 0
        for (i, r) in records.enumerated() {
            if i > 0, r.start != records[i - 1].end { throw .broken(index: i) }
            let allowed = r.mixin == nil ? r.hashes == hashesPerTick : r.hashes < hashesPerTick
            guard allowed else { throw .badCount(index: i, hashes: r.hashes) }
            let (sum, overflow) = total.addingReportingOverflow(r.hashes)
            guard !overflow, sum <= maxHashes else { throw .tooLong(hashes: overflow ? .max : sum, limit: maxHashes) }
            total = sum
        }
        return total
    }

    /// The lowest index of `records` whose replay does not give its `end`, or nil: on one thread,
    /// or in contiguous segments of about equal work (`total` steps) on `threads` threads. The
    /// records need not join (a light client replays the records of many blocks in one call).
    public static func firstWrongEnd(
        _ records: [PoHRecord], total: UInt64? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> Int? {
        if threads <= 1 || records.count < 2 {
            return records.indices.first { replay(records[$0]) != records[$0].end }
        }
        let work = total ?? records.reduce(0) { $0 &+ $1.hashes }
        return firstWrongEnd(records, segments: segments(records, total: work, parts: threads * 16))
    }

    /// The state `record` replays to.
    public static func replay(_ record: PoHRecord) -> Hash32 {
        let stepped = PoHHash.steps(from: record.start, count: record.hashes)
        return record.mixin.map { PoHHash.mix(stepped, $0) } ?? stepped
    }

    /// `pohRoot`: the count-bound Merkle root over the records' canonical encodings (§3).
    public static func root(_ records: [PoHRecord]) -> Hash32 { PoHRecord.root(records) }

    /// Splits the records into about `parts` contiguous ranges of about equal hash work.
    static func segments(_ records: [PoHRecord], total: UInt64, parts: Int) -> [Range<Int>] {
        let share = max(1, total / UInt64(parts))
        var out: [Range<Int>] = []
        var start = 0
        var work: UInt64 = 0
        for (i, r) in records.enumerated() {
            work += r.hashes + 1
            if work >= share {
                out.append(start..<(i + 1))
                start = i + 1
                work = 0
            }
        }
        if start < records.count { out.append(start..<records.count) }
        return out
    }

    /// The lowest index whose replay does not give its end, replaying `segments` in parallel.
    static func firstWrongEnd(_ records: [PoHRecord], segments: [Range<Int>]) -> Int? {
        let first = Mutex(Int.max)
        DispatchQueue.concurrentPerform(iterations: segments.count) { k in
            for i in segments[k] where replay(records[i]) != records[i].end {
                first.withLock { $0 = min($0, i) }
                return
            }
        }
        let bad = first.withLock { $0 }
        return bad == .max ? nil : bad
    }
}
