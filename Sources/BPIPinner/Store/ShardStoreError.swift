/// Why a storage backend could not do what was asked.
public enum ShardStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The backend cannot be reached or answered with a server error: try again later.
    case unavailable(backend: String, String)
    /// The backend refused the request (credentials, permissions, a bad bucket).
    case refused(backend: String, status: Int, String)
    /// A local file operation failed.
    case io(backend: String, String)
    /// A backend description that cannot be used.
    case badBackend(String)

    public var description: String {
        switch self {
        case .unavailable(let b, let why): return "\(b) is unavailable: \(why)"
        case .refused(let b, let status, let why): return "\(b) refused the request (HTTP \(status)): \(why)"
        case .io(let b, let why): return "\(b): \(why)"
        case .badBackend(let why): return "bad backend: \(why)"
        }
    }
}
