/// Why a node's configuration or keys could not be loaded.
public enum NodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `config.toml` is missing or malformed (the message names the line or key).
    case config(String)
    /// The key or passphrase could not be read or does not open the key.
    case keys(String)
    /// The node's keys are not in the genesis validator set.
    case notAValidator(String)
    /// A port could not be bound or a service failed to start.
    case startup(String)
    /// The validator stopped to stay safe (its sign state could not be written or read, or a
    /// decided block failed the light-client rules).
    case safety(String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .config(let why): return "config: \(why)"
        case .keys(let why): return "keys: \(why)"
        case .notAValidator(let why): return "not a validator: \(why)"
        case .startup(let why): return "cannot start: \(why)"
        case .safety(let why): return "stopped for safety: \(why)"
        }
    }
}
