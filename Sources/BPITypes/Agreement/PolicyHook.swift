/// The two points at which an agreement's policies judge a run (docs/SPEC.md §14.2): before the
/// workload runs (`pre`: allow or deny) and after it (`post`: accept or reject its results).
public enum PolicyHook: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    /// Before the run: sees the run header and the inputs.
    case pre = 0
    /// After the run: also sees the CES root, the output hash, the outcome and the outputs.
    case post = 1

    /// The name of the function a policy module exports for this hook.
    public var description: String { self == .pre ? "pre" : "post" }

    /// The hook exported under `name`, if any.
    public init?(name: String) {
        guard let hook = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = hook
    }
}
