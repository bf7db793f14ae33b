import BPITypes

/// Where the cage takes the values a run may observe (docs/SPEC.md §13.4). A live run derives them
/// from the run header and records them (`LiveSupply`); a replay reads them back from the witness
/// log alone (`WitnessSupply`) — the same cage code serves both.
public protocol HostSupply: AnyObject {
    /// The input files, sorted by name.
    var inputs: [RunInput] { get }
    /// The next reading of clock `id` (WASI clock ids 0–3), in nanoseconds.
    func clock(id: UInt32) throws(DockLockError) -> UInt64
    /// The next `count` random bytes.
    func random(count: Int) throws(DockLockError) -> [UInt8]
    /// The witness entries supplied so far, in order.
    var witness: [WitnessEntry] { get }
}

/// The clock the cage shows (docs/SPEC.md §13.2): the realtime clock reads the header's logical
/// time plus one nanosecond per reading before it; the monotonic and CPU clocks read one
/// microsecond per reading before it. Time moves only when the program looks at it.
public enum LogicalClock {
    /// Reading number `k` (from 0, over all clocks) of clock `id` for a run at `timeMs`.
    public static func reading(id: UInt32, index k: UInt64, timeMs: UInt64) -> UInt64 {
        id == 0 ? timeMs &* 1_000_000 &+ k : k &* 1_000
    }
}

/// The supply of a live run: values derived from the header, recorded as they are handed out.
public final class LiveSupply: HostSupply {
    public let inputs: [RunInput]
    public private(set) var witness: [WitnessEntry]
    private let timeMs: UInt64
    private var readings: UInt64 = 0
    private var stream: RandomStream

    /// The supply for `job`; the witness starts with the module and every input.
    public init(job: RunJob) {
        inputs = job.inputs
        timeMs = job.header.timeMs
        stream = RandomStream(seed: job.header.seed)
        witness =
            [WitnessEntry(kind: .module, data: job.module)]
            + job.inputs.map { WitnessEntry(kind: .input, label: $0.name, data: $0.content) }
    }

    public func clock(id: UInt32) throws(DockLockError) -> UInt64 {
        let value = LogicalClock.reading(id: id, index: readings, timeMs: timeMs)
        readings += 1
        var data: [UInt8] = []
        withUnsafeBytes(of: value.bigEndian) { data += $0 }
        witness.append(WitnessEntry(kind: .clock, label: String(id), data: data))
        return value
    }

    public func random(count: Int) throws(DockLockError) -> [UInt8] {
        let bytes = stream.next(count)
        witness.append(WitnessEntry(kind: .random, data: bytes))
        return bytes
    }
}

/// The supply of a replay: the witness log's values in order, nothing else. Asking for a value the
/// log does not hold next is a divergence.
public final class WitnessSupply: HostSupply {
    public let inputs: [RunInput]
    public private(set) var witness: [WitnessEntry]
    private let values: [WitnessEntry]
    private var next = 0

    /// The supply of a witness log whose first entry is the module and whose inputs follow it.
    public init(entries: [WitnessEntry]) throws(DockLockError) {
        guard let first = entries.first, first.kind == .module else {
            throw .badWitness("the first entry is not the module")
        }
        var i = 1
        var inputs: [RunInput] = []
        while i < entries.count, entries[i].kind == .input {
            inputs.append(RunInput(name: entries[i].label, content: entries[i].data))
            i += 1
        }
        guard entries[i...].allSatisfy({ $0.kind == .clock || $0.kind == .random }) else {
            throw .badWitness("module and input entries come first, then only clock and random values")
        }
        self.inputs = inputs
        witness = Array(entries[..<i])
        values = Array(entries[i...])
    }

    /// The module the log carries.
    public var module: [UInt8] { witness[0].data }

    /// Whether every recorded value was asked for.
    public var isExhausted: Bool { next == values.count }

    private func take(_ kind: WitnessKind) throws(DockLockError) -> WitnessEntry {
        guard next < values.count else { throw .replayDiverged("the program asked for a \(kind) value the log does not hold") }
        let entry = values[next]
        guard entry.kind == kind else {
            throw .replayDiverged("value \(next) of the log is \(entry.kind), the program asked for \(kind)")
        }
        next += 1
        witness.append(entry)
        return entry
    }

    public func clock(id: UInt32) throws(DockLockError) -> UInt64 {
        let entry = try take(.clock)
        guard entry.label == String(id), entry.data.count == 8 else {
            throw .replayDiverged("clock value \(next - 1) is of clock \(entry.label), the program read clock \(id)")
        }
        return entry.data.reduce(0) { $0 << 8 | UInt64($1) }
    }

    public func random(count: Int) throws(DockLockError) -> [UInt8] {
        let entry = try take(.random)
        guard entry.data.count == count else {
            throw .replayDiverged("random value \(next - 1) holds \(entry.data.count) bytes, the program asked for \(count)")
        }
        return entry.data
    }
}
