/// What one policy hook decided (docs/SPEC.md §14.2). Only `pass` lets a run go ahead (pre) or
/// its results stand (post); every other verdict is a refusal, including a policy the cage had to
/// stop — a policy fails closed.
public enum PolicyVerdict: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    /// The hook returned 0: allow (pre) or accept (post).
    case pass = 0
    /// The hook returned another value: deny (pre) or reject (post), with its reason.
    case refuse = 1
    /// The hook used its whole fuel budget.
    case outOfFuel = 2
    /// The hook asked for more memory than the agreement's limit.
    case memoryLimit = 3
    /// The hook trapped (unreachable, out-of-bounds access, division by zero, stack exhausted…).
    case trap = 4
    /// The hook handed a host function a pointer or length outside its memory, or a bad argument.
    case fault = 5

    /// The verdict's name.
    public var description: String {
        switch self {
        case .pass: return "pass"
        case .refuse: return "refuse"
        case .outOfFuel: return "out-of-fuel"
        case .memoryLimit: return "memory-limit"
        case .trap: return "trap"
        case .fault: return "fault"
        }
    }

    /// The verdict's name at `hook`: `allow`/`deny` before a run, `accept`/`reject` after it.
    public func name(at hook: PolicyHook) -> String {
        switch (self, hook) {
        case (.pass, .pre): return "allow"
        case (.pass, .post): return "accept"
        case (.refuse, .pre): return "deny"
        case (.refuse, .post): return "reject"
        default: return description
        }
    }
}
