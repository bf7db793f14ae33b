/// Why a key file, identity or rotation was refused. Messages name the file or key, never secrets.
public enum IdentityError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The passphrase does not open the key file.
    case wrongPassphrase(name: String)
    /// The key file cannot be parsed, or its contents do not agree with each other.
    case corruptedKeyFile(name: String, reason: String)
    /// A key with this name exists already; keys are never overwritten.
    case keyExists(name: String)
    /// No key with this name.
    case keyNotFound(name: String)
    /// Key names are 1–64 characters of letters, digits, `-`, `_` and `.` (not starting with `.`).
    case invalidKeyName(String)
    /// No passphrase was given and none can be asked for.
    case passphraseRequired
    /// A file system operation failed.
    case io(String)
    /// The trust domain is not a valid SPIFFE trust domain.
    case invalidTrustDomain(String)
    /// The text is not a validator SPIFFE ID.
    case invalidSPIFFEID(String)
    /// A rotation statement was refused.
    case rotationRefused(String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .wrongPassphrase(let n): return "wrong passphrase for key \"\(n)\""
        case .corruptedKeyFile(let n, let why): return "key file for \"\(n)\" is corrupted: \(why)"
        case .keyExists(let n): return "key \"\(n)\" already exists; choose another name (keys are never overwritten)"
        case .keyNotFound(let n): return "no key named \"\(n)\" (see `bpi keys list`)"
        case .invalidKeyName(let n): return "invalid key name \"\(n)\": use 1–64 letters, digits, '-' or '_'"
        case .passphraseRequired: return "a passphrase is required: use --passphrase-file F or set BPI_PASSPHRASE"
        case .io(let m): return m
        case .invalidTrustDomain(let d): return "invalid trust domain \"\(d)\": use lower-case letters, digits, '.', '-', '_'"
        case .invalidSPIFFEID(let u): return "not a validator SPIFFE ID: \(u)"
        case .rotationRefused(let why): return "rotation refused: \(why)"
        }
    }
}
