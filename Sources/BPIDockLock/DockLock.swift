import BPITypes
import WAT

/// DockLock's entry points (docs/SPEC.md §13): run a job in its cage, and replay a receipt.
public enum DockLock {
    /// The cage for `runtime`.
    public static func runtime(for runtime: RunRuntime) -> any Runtime {
        switch runtime {
        case .wasm: return WASMRuntime()
        case .native: return NativeRuntime()
        }
    }

    /// The binary module of WebAssembly text (WasmKit's WAT parser).
    public static func wasm(fromWAT text: String) throws(DockLockError) -> [UInt8] {
        do {
            return try wat2wasm(text, features: ModuleScreen.features)
        } catch {
            throw .moduleRefused("WebAssembly text: \(error)")
        }
    }

    /// Runs `job` live: values from its header, recorded into the witness. When the header names an
    /// agreement, `agreement` must be its bundle: its pre hooks decide whether the workload runs and
    /// its post hooks judge the results (docs/SPEC.md §14.2).
    public static func run(_ job: RunJob, agreement: Agreement? = nil) throws(DockLockError) -> RunResult {
        try GovernedRun.run(job, agreement: agreement, runtime: runtime(for: job.header.runtime), supply: LiveSupply(job: job))
    }

    /// Replays `receipt` from `witness` (the stored log), throwing unless it reproduces the receipt —
    /// its policy verdicts included, for which `agreement` must be the bundle the header names.
    public static func replay(_ receipt: Receipt, witness: [UInt8], agreement: Agreement? = nil) throws(DockLockError)
        -> RunResult
    {
        try ReceiptReplayer.replay(receipt, witness: try WitnessLog.decode(witness), agreement: agreement)
    }
}
