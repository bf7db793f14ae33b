/// Why the cage stopped a run (or a policy hook) from inside a host call or a memory growth: thrown through WasmKit's
/// interpreter and caught by `WASMRuntime`, which turns it into the receipt's outcome.
enum CageStop: Error {
    /// `proc_exit(code)`.
    case exit(UInt32)
    /// A host call's fuel charge found the budget spent.
    case outOfFuel
    /// A memory growth beyond the limit.
    case memoryLimit
    /// A write beyond the output limit.
    case outputLimit
    /// A policy handed a host function a pointer outside its memory or a bad argument.
    case fault(String)
    /// A replay asked for a value the witness does not hold.
    case diverged(DockLockError)
}
