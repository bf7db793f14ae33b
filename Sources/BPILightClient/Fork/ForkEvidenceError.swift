/// Why fork evidence does not prove a fork.
public enum ForkEvidenceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong with it.
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let why): return "not fork evidence: \(why)"
        }
    }
}
