/// Why the registry cannot go on (docs/SPEC.md §14.7): every case says what to do.
public enum RegistryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database cannot be opened, read or written.
    case database(String)
    /// A chain entry the source sent does not verify under the light-client rules.
    case unverified(height: UInt64, String)
    /// A block's frames are not the ones its verified header commits to.
    case framesMismatch(height: UInt64)
    /// The source (a validator's API) cannot be reached or answered something malformed.
    case source(String)
    /// The registry's configuration is invalid (a PostgreSQL URL, a schema name).
    case configuration(String)

    /// What went wrong, for the user.
    public var description: String {
        switch self {
        case .database(let m): return "registry database: \(m)"
        case .unverified(let h, let m):
            return "height \(h) does not verify as a light client: \(m) (the source is not trustworthy)"
        case .framesMismatch(let h): return "height \(h): the frames the source sent are not the ones its header commits to"
        case .source(let m): return "chain source: \(m)"
        case .configuration(let m): return "registry configuration: \(m)"
        }
    }
}
