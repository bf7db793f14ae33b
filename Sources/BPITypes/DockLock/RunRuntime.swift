/// Which DockLock cage ran a workload (docs/SPEC.md §13).
public enum RunRuntime: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    /// A WebAssembly module under the deterministic WASI of §13.2 (the default).
    case wasm = 1
    /// A Linux program under the seccomp cage of §13.4.
    case native = 2

    /// The runtime's name.
    public var description: String { self == .wasm ? "wasm" : "native" }
}
