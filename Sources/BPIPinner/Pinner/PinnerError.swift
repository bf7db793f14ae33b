import BPIDA

/// Why the pinner could not store, fetch, check or repair an object.
public enum PinnerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A placement that cannot tolerate the configured loss of backends.
    case badPlacement(String)
    /// No pinned object with this id.
    case unknownObject(String)
    /// Some chunk has fewer than k intact shards reachable: the object cannot be rebuilt now.
    case unrecoverable(String)
    /// A backend failed.
    case store(ShardStoreError)
    /// The coding failed or the input is not an object the pinner takes.
    case badInput(String)
    /// The pinner's own records could not be read or written.
    case records(String)

    public var description: String {
        switch self {
        case .badPlacement(let why): return "placement refused: \(why)"
        case .unknownObject(let id): return "object \(id) is not pinned here"
        case .unrecoverable(let why): return "unrecoverable: \(why)"
        case .store(let error): return error.description
        case .badInput(let why): return why
        case .records(let why): return "pinner records: \(why)"
        }
    }
}
