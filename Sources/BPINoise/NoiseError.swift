/// Why a Noise handshake or transport message was refused.
public enum NoiseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A handshake message was written or read out of turn, or after the handshake finished.
    case outOfOrder(String)
    /// A message is shorter than its pattern requires.
    case truncated
    /// The peer's identity proof is malformed or its signature does not bind its Noise key.
    case badIdentityProof(String)
    /// The peer proved an identity that is not in the validator set.
    case unknownPeer(String)
    /// Decryption failed: a tampered message or a peer with other keys.
    case decryptionFailed
    /// A DH produced the all-zero output (a low-order public key).
    case invalidPublicKey
    /// A message exceeds the Noise limit of 65,535 bytes.
    case messageTooLong(Int)
    /// The nonce counter would wrap; rekey or rehandshake.
    case nonceExhausted

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .outOfOrder(let why): return "Noise handshake out of order: \(why)"
        case .truncated: return "Noise message truncated"
        case .decryptionFailed: return "Noise decryption failed (tampered message or wrong keys)"
        case .invalidPublicKey: return "Noise peer sent a low-order public key"
        case .messageTooLong(let n): return "Noise message of \(n) bytes exceeds 65535"
        case .nonceExhausted: return "Noise nonce exhausted; rekey"
        case .badIdentityProof(let why): return "peer identity proof refused: \(why)"
        case .unknownPeer(let key): return "peer \(key) is not in the validator set"
        }
    }
}
