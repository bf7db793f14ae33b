import BPIHash
import BPITypes

/// A run under its agreement (docs/SPEC.md §14.2): the pre hooks, then — only if every one allows
/// it — the workload, then the post hooks; the verdicts go into the receipt's `policyResults`. A
/// denied run still gives a receipt (outcome `policy-denied`): it is never silently skipped. Live
/// runs and replays go through here alike.
enum GovernedRun {
    static func run(
        _ job: RunJob, agreement: Agreement?, runtime: any Runtime, supply: any HostSupply
    ) throws(DockLockError) -> RunResult {
        guard let agreement else {
            guard job.claim == nil else {
                throw .claimRefused("a claim is verified against a key its agreement pins; this run has no agreement")
            }
            guard job.header.agreementID == .zero else {
                throw .agreementMissing("the run header names agreement \(job.header.agreementID.hex); give its bundle")
            }
            return try runtime.run(job, supply: supply)
        }
        guard agreement.id == job.header.agreementID else {
            throw .agreementMissing(
                "the run header names agreement \(job.header.agreementID.hex); the bundle given is \(agreement.id.hex)")
        }
        guard agreement.bundle.manifest.governs.contains(job.header.moduleHash) else {
            throw .badRun(
                "agreement \(agreement.bundle.manifest.name) does not govern module \(job.header.moduleHash.hex)")
        }
        if let claim = job.claim {
            // Refused before anything runs: a receipt never carries a claim that does not hold.
            do {
                try ClaimVerifiers.verify(claim, keys: agreement.bundle.claimKeys)
            } catch {
                throw .claimRefused(error.description)
            }
        }
        let pre = agreement.evaluate(PolicyContext(pre: job))
        var result: RunResult
        var evaluations = pre
        if pre.allSatisfy({ $0.result.verdict == .pass }) {
            result = try runtime.run(job, supply: supply)
            evaluations += agreement.evaluate(PolicyContext(post: job, result: result))
        } else {
            result = RunResult(
                job: job, engine: runtime.engine, recorder: EventRecorder(), supply: supply, outputs: RunOutputs(),
                outcome: .policyDenied, exitCode: 0, fuelUsed: 0)
        }
        result.receipt.policyResults = evaluations.map(\.result)
        result.receipt.claim = job.claim
        result.policyReasons = evaluations.map(\.reason)
        return result
    }
}
