/// What a witness-log entry holds (docs/SPEC.md §13.4).
public enum WitnessKind: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    /// The workload module's bytes (label: empty).
    case module = 1
    /// An input file (label: its name).
    case input = 2
    /// A clock reading the cage supplied (data: u64be nanoseconds; label: the clock id in decimal).
    case clock = 3
    /// Random bytes the cage supplied (label: empty).
    case random = 4

    /// The kind's name.
    public var description: String {
        switch self {
        case .module: return "module"
        case .input: return "input"
        case .clock: return "clock"
        case .random: return "random"
        }
    }
}
