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
    /// The reason each policy verdict gave, in words, in the order of `receipt.policyResults`.
    public var policyReasons: [String] = []

    /// The record of a run that ended with `outcome`: the exit event (when the program exited) and
    /// the end event are appended, and the unsigned receipt commits to the events, the witness the
    /// supply handed out and the outputs. One ending for every cage.
    init(
        job: RunJob, engine: String, recorder: EventRecorder, supply: any HostSupply, outputs: RunOutputs,
        outcome: RunOutcome, exitCode: UInt64, fuelUsed: UInt64
    ) {
        var recorder = recorder
        if outcome == .exited { recorder.record(.exit, value: exitCode) }
        recorder.record(.end, value: outcome.rawValue)
        let events = recorder.events
        let receipt = Receipt(
            runHeader: job.header, engine: engine, cesRoot: RunEvent.root(events), witnessRoot: WitnessEntry.root(supply.witness),
            outputHash: outputs.hash, outcome: outcome, exitCode: exitCode, fuelUsed: fuelUsed, eventCount: UInt64(events.count))
        self.init(receipt: receipt, events: events, witness: supply.witness, outputs: outputs, deniedCalls: recorder.deniedCalls)
    }

    /// A result.
    public init(receipt: Receipt, events: [RunEvent], witness: [WitnessEntry], outputs: RunOutputs, deniedCalls: [String]) {
        self.receipt = receipt
        self.events = events
        self.witness = witness
        self.outputs = outputs
        self.deniedCalls = deniedCalls
    }
}
