/// How a run ended (docs/SPEC.md §13.1). Every outcome is a receipt: a run stopped by a limit or a
/// trap is recorded, never silently dropped.
public enum RunOutcome: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    /// The program finished (returned from `_start` or called `proc_exit`); the receipt's exit
    /// code is its own.
    case exited = 0
    /// The fuel budget ran out.
    case outOfFuel = 1
    /// The program asked for more memory than the limit.
    case memoryLimit = 2
    /// The program wrote more output than the limit.
    case outputLimit = 3
    /// The program trapped (unreachable, out-of-bounds access, division by zero, stack exhausted…).
    case trap = 4
    /// A native program was killed by the seccomp cage (a syscall that is killed, not refused).
    case killed = 5
    /// A pre hook of the run's agreement did not allow it: the workload never started, and the
    /// receipt's policy results say which policy refused and why (docs/SPEC.md §14.2).
    case policyDenied = 6

    /// The outcome's name.
    public var description: String {
        switch self {
        case .exited: return "exited"
        case .outOfFuel: return "out-of-fuel"
        case .memoryLimit: return "memory-limit"
        case .outputLimit: return "output-limit"
        case .trap: return "trap"
        case .killed: return "killed"
        case .policyDenied: return "policy-denied"
        }
    }

    /// Whether a limit of the run header (rather than the program) ended it.
    public var isLimit: Bool { self == .outOfFuel || self == .memoryLimit || self == .outputLimit }
}
