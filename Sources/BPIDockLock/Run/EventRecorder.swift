import BPITypes

/// Builds a run's canonical event stream (docs/SPEC.md §13.3), numbering events in order.
public struct EventRecorder: Sendable {
    /// The events so far.
    public private(set) var events: [RunEvent] = []
    /// The names the `denied` events carry, in order.
    public private(set) var deniedCalls: [String] = []

    /// An empty stream.
    public init() {}

    /// Appends an event over `data`.
    public mutating func record(_ kind: RunEventKind, data: [UInt8] = [], value: UInt64 = 0) {
        events.append(RunEvent(seq: UInt64(events.count), kind: kind, data: data, value: value))
        if kind == .denied { deniedCalls.append(String(decoding: data, as: UTF8.self)) }
    }
}
