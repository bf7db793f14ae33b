import BPITypes

/// Everything a run gives: the (unsigned) receipt, the events it commits to, the witness that
/// replays it, and the outputs.
public struct RunResult: Sendable {
    /// The receipt, unsigned.
    public var receipt: Receipt
    /// The canonical event stream, in order.
    public var events: [RunEvent]
    /// The witness log's entries, in order.
    public var witness: [WitnessEntry]
    /// The outputs.
    public var outputs: RunOutputs
}
