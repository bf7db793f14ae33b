/// Why a cryptographic operation was refused. Messages never include secret material.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A key, nonce, signature or proof had the wrong length.
    case invalidLength(what: String, expected: Int, found: Int)
    /// Authenticated decryption failed: wrong key, nonce, associated data, or tampered ciphertext.
    case authenticationFailed
    /// A public key or point is malformed, non-canonical, of small order or outside the subgroup.
    case invalidPublicKey(String)
    /// A signature or proof is malformed or does not verify.
    case invalidSignature(String)
    /// A counter-based nonce sequence would wrap; the key must be replaced.
    case nonceExhausted
    /// A message was received out of order or replayed (its counter is not the next expected one).
    case replayedOrReordered(expected: UInt64, found: UInt64)
    /// Key agreement produced the all-zero secret (a low-order public key).
    case lowOrderSharedSecret
    /// A key derivation could not run with the requested parameters.
    case keyDerivationFailed(String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .invalidLength(let what, let e, let f): return "\(what) must be \(e) bytes, got \(f)"
        case .authenticationFailed: return "authentication failed: wrong key or associated data, or the data was altered"
        case .invalidPublicKey(let why): return "invalid public key: \(why)"
        case .invalidSignature(let why): return "invalid signature: \(why)"
        case .nonceExhausted: return "nonce counter exhausted: rekey before sealing more messages"
        case .replayedOrReordered(let e, let f): return "message counter \(f) is not the expected \(e) (replayed or reordered)"
        case .lowOrderSharedSecret: return "key agreement gave the all-zero secret (low-order public key)"
        case .keyDerivationFailed(let why): return "key derivation failed: \(why)"
        }
    }

    static func requireLength(_ what: String, _ bytes: some Collection, _ expected: Int) throws(CryptoError) {
        if bytes.count != expected { throw .invalidLength(what: what, expected: expected, found: bytes.count) }
    }
}
