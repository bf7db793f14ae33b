/// A failure of a `bpi` command, with the exit status it maps to. Messages name what to fix.
public enum ToolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Input that is malformed or not canonical (exit 2).
    case badInput(String)
    /// A file or stream could not be read or written (exit 2).
    case io(String)
    /// A check ran and the answer is no (exit 1), e.g. a Merkle proof that does not verify.
    case verificationFailed(String)
    /// SIGINT or SIGTERM stopped the command after it undid what it had started (exit 130, as a
    /// shell reports a command ended by Ctrl-C).
    case interrupted(String)

    /// Runs `body`, turning its typed error into `.badInput` with the error's message (after `prefix`, if given).
    public static func mapping<T, E: Error & CustomStringConvertible>(_ prefix: String? = nil, _ body: () throws(E) -> T)
        throws(ToolError) -> T
    {
        do {
            return try body()
        } catch {
            throw .badInput(prefix.map { "\($0): \(error)" } ?? error.description)
        }
    }

    /// Process exit status: 1 for a negative verification, 2 for bad input or I/O, 130 when interrupted.
    public var exitCode: Int32 {
        switch self {
        case .verificationFailed: return 1
        case .badInput, .io: return 2
        case .interrupted: return 130
        }
    }

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .badInput(let m), .io(let m), .verificationFailed(let m), .interrupted(let m): return m
        }
    }
}
