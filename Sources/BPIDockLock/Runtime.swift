import BPITypes

/// A DockLock cage (docs/SPEC.md §13): runs a job against a supply of observable values and returns
/// its record. The WASM cage (`WASMRuntime`) and the native cage (`NativeRuntime`) both conform, so
/// recording, witnesses, receipts and replay are one code path.
public protocol Runtime: Sendable {
    /// The engine name receipts record; a receipt is replayed only by the engine that made it.
    var engine: String { get }
    /// Runs `job`, taking clock, random and input values from `supply`.
    func run(_ job: RunJob, supply: any HostSupply) throws(DockLockError) -> RunResult
}
