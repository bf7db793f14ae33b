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
    /// The calls the cage refused, by name, in order (the data of the `denied` events).
    public var deniedCalls: [String] = []

    /// A result.
    public init(receipt: Receipt, events: [RunEvent], witness: [WitnessEntry], outputs: RunOutputs, deniedCalls: [String]) {
        self.receipt = receipt
        self.events = events
        self.witness = witness
        self.outputs = outputs
        self.deniedCalls = deniedCalls
    }
}
