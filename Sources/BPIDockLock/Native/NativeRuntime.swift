import BPITypes

/// The native cage (docs/SPEC.md §13.6): a Linux program under a seccomp filter.
public struct NativeRuntime: Runtime {
    /// `linux-seccomp-1`.
    public let engine = "linux-seccomp-1"

    /// The cage.
    public init() {}

    public func run(_ job: RunJob, supply: any HostSupply) throws(DockLockError) -> RunResult {
        throw .nativeUnavailable("not built yet")
    }
}
