import Crypto

/// X25519 key agreement (RFC 7748) through swift-crypto. The all-zero shared secret, which any
/// low-order public key forces, is refused (RFC 7748 §6.1 "check").
public enum X25519 {
    /// Length of keys and of the shared secret.
    public static let keyLength = 32

    /// A new random private key and its public key.
    public static func generate() -> (privateKey: SecretBytes, publicKey: [UInt8]) {
        let key = Curve25519.KeyAgreement.PrivateKey()
        return (SecretBytes(Array(key.rawRepresentation)), Array(key.publicKey.rawRepresentation))
    }

    /// The public key of a 32-byte private key.
    public static func publicKey(privateKey: [UInt8]) throws(CryptoError) -> [UInt8] {
        try CryptoError.requireLength("X25519 private key", privateKey, keyLength)
        guard let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: privateKey) else {
            throw .invalidLength(what: "X25519 private key", expected: keyLength, found: privateKey.count)
        }
        return Array(key.publicKey.rawRepresentation)
    }

    /// The shared secret of `privateKey` and a peer's `publicKey`.
    public static func sharedSecret(privateKey: [UInt8], publicKey: [UInt8]) throws(CryptoError) -> [UInt8] {
        try CryptoError.requireLength("X25519 private key", privateKey, keyLength)
        try CryptoError.requireLength("X25519 public key", publicKey, keyLength)
        do {
            let ours = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: privateKey)
            let theirs = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey)
            let secret = try ours.sharedSecretFromKeyAgreement(with: theirs).withUnsafeBytes { Array($0) }
            if secret.allSatisfy({ $0 == 0 }) { throw CryptoError.lowOrderSharedSecret }
            return secret
        } catch {
            throw .lowOrderSharedSecret
        }
    }
}
