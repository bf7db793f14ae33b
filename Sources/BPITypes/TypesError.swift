/// Why a consensus object was refused.
public enum TypesError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The object breaks a structural rule (message names it).
    case invalid(String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .invalid(let why): return why
        }
    }
}
