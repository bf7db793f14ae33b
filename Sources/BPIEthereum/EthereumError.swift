/// Why an Ethereum key, signature or transaction was refused (docs/SPEC.md §18).
public enum EthereumError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A private key is zero, not below the group order, or not 32 bytes.
    case invalidPrivateKey
    /// A signature's r or s is out of range, s is high, or no public key recovers from it.
    case invalidSignature(String)
    /// An address is not 20 bytes (or 40 hex digits).
    case invalidAddress(String)
    /// Bytes are not a transaction of the supported form.
    case invalidTransaction(String)

    public var description: String {
        switch self {
        case .invalidPrivateKey: return "not a secp256k1 private key (32 bytes, non-zero, below the group order)"
        case .invalidSignature(let why): return "invalid secp256k1 signature: \(why)"
        case .invalidAddress(let why): return "invalid Ethereum address: \(why)"
        case .invalidTransaction(let why): return "invalid transaction: \(why)"
        }
    }
}
