/// Why this validator could not cast a set-change vote (`POST /v1/validators/votes`).
public enum SetChangeVoteError: Error, Sendable, CustomStringConvertible {
    /// The set signing the next height does not hold this validator: only its members vote.
    case notInSet
    /// This validator's service has no finalized registration yet (it registers itself at start).
    case notRegistered
    /// The frame rules or the pool refused the vote (a set that cannot serve, a change already scheduled, …).
    case refused(FramePoolError)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .notInSet: return "this validator is not in the set signing the next height: only its members vote"
        case .notRegistered:
            return "this validator's service is not registered on the chain yet; retry after a few blocks"
        case .refused(let e): return e.description
        }
    }
}
