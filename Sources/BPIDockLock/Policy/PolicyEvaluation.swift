import BPITypes

/// One hook's verdict as the receipt records it, with the reason in words for the user (the
/// receipt holds only its hash).
public struct PolicyEvaluation: Sendable, Equatable {
    /// The receipt's record of the verdict.
    public var result: PolicyResult
    /// The reason: what the policy passed to `reason`, or why the cage stopped it.
    public var reason: String
}
