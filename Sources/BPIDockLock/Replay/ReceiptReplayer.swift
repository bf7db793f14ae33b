import BPICodec
import BPIHash
import BPITypes

/// Re-executes a receipt from its witness log alone and compares (docs/SPEC.md §13.4): the log
/// must be the receipt's (root), hold what the header fixes (`WitnessConsistency`), be used up
/// exactly by the replay, and the replay must give the receipt's CES root, output hash, outcome,
/// exit code, fuel, event count and policy verdicts (the agreement's hooks run again, and the
/// receipt's zero-knowledge claim is verified again against the agreement's key).
public enum ReceiptReplayer {
    /// The replay's result when it reproduces `receipt`; a typed error naming the first difference otherwise.
    public static func replay(
        _ receipt: Receipt, witness entries: [WitnessEntry], agreement: Agreement? = nil, runtime: (any Runtime)? = nil
    ) throws(DockLockError) -> RunResult {
        let runtime = runtime ?? DockLock.runtime(for: receipt.runHeader.runtime)
        guard receipt.engine == runtime.engine else { throw .engineMismatch(receipt: receipt.engine, local: runtime.engine) }
        guard WitnessEntry.root(entries) == receipt.witnessRoot else {
            throw .witnessMismatch("its root is not the receipt's witnessRoot")
        }
        let supply = try WitnessSupply(entries: entries)
        try WitnessConsistency.check(supply, entries: entries, header: receipt.runHeader)
        var job = try RunJob(header: receipt.runHeader, module: supply.module, inputs: supply.inputs)
        job.claim = receipt.claim
        let result = try GovernedRun.run(job, agreement: agreement, runtime: runtime, supply: supply)
        guard supply.isExhausted else { throw .replayDiverged("the replay did not ask for every value the log holds") }
        let r = result.receipt
        try same("cesRoot", receipt.cesRoot.hex, r.cesRoot.hex)
        try same("outputHash", receipt.outputHash.hex, r.outputHash.hex)
        try same("outcome", receipt.outcome.description, r.outcome.description)
        try same("exitCode", String(receipt.exitCode), String(r.exitCode))
        try same("fuelUsed", String(receipt.fuelUsed), String(r.fuelUsed))
        try same("eventCount", String(receipt.eventCount), String(r.eventCount))
        try same("witnessRoot", receipt.witnessRoot.hex, r.witnessRoot.hex)
        try same(
            "policyResults", receipt.policyResults.map { Hex.encode($0.canonicalBytes()) }.joined(separator: ","),
            r.policyResults.map { Hex.encode($0.canonicalBytes()) }.joined(separator: ","))
        return result
    }

    private static func same(_ field: String, _ a: String, _ b: String) throws(DockLockError) {
        guard a == b else { throw .receiptMismatch(field: field, receipt: a, replay: b) }
    }
}
