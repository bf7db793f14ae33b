/// Why the development CA refused an operation.
public enum DevCAError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `bpi ca init` was run where a CA exists already.
    case alreadyInitialized(String)
    /// No CA in this home; run `bpi ca init`.
    case notInitialized(String)
    /// A CSR or certificate could not be parsed.
    case malformed(String)
    /// A CSR was refused (bad signature, wrong trust domain, SAN not matching its key, …).
    case refused(String)
    /// Reading or writing a file failed.
    case io(String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .alreadyInitialized(let dir): return "a CA already exists in \(dir); it is never overwritten"
        case .notInitialized(let dir): return "no CA in \(dir): run `bpi ca init` first"
        case .malformed(let why): return "malformed input: \(why)"
        case .refused(let why): return "refused: \(why)"
        case .io(let why): return why
        }
    }
}
