/// Why a sign-state store failed. Any such failure stops the validator: it never signs on
/// without a durable record.
public struct SignStateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var reason: String

    /// An error.
    public init(_ reason: String) { self.reason = reason }

    /// A message a user can act on.
    public var description: String { "sign state: \(reason)" }
}
