import Crypto

/// ChaCha20-Poly1305 (RFC 8439, 96-bit nonces) through swift-crypto: used with counter nonces
/// (see `AEADSealer`), e.g. inside Noise channels.
public enum ChaCha20Poly1305 {
    /// Key length.
    public static let keyLength = 32
    /// Nonce length (96 bits).
    public static let nonceLength = 12
    /// Tag length.
    public static let tagLength = 16

    /// `ciphertext ‖ tag`.
    public static func seal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8] = []) throws(CryptoError)
        -> [UInt8]
    {
        try CryptoError.requireLength("ChaCha20-Poly1305 key", key, keyLength)
        try CryptoError.requireLength("ChaCha20-Poly1305 nonce", nonce, nonceLength)
        do {
            let box = try ChaChaPoly.seal(
                plaintext, using: SymmetricKey(data: key), nonce: ChaChaPoly.Nonce(data: nonce), authenticating: associatedData)
            return Array(box.ciphertext) + Array(box.tag)
        } catch {
            throw .authenticationFailed
        }
    }

    /// The plaintext of `ciphertext ‖ tag`, or `.authenticationFailed`.
    public static func open(_ sealed: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8] = []) throws(CryptoError)
        -> [UInt8]
    {
        try CryptoError.requireLength("ChaCha20-Poly1305 key", key, keyLength)
        try CryptoError.requireLength("ChaCha20-Poly1305 nonce", nonce, nonceLength)
        guard sealed.count >= tagLength else { throw .authenticationFailed }
        do {
            let box = try ChaChaPoly.SealedBox(
                nonce: ChaChaPoly.Nonce(data: nonce), ciphertext: sealed.dropLast(tagLength), tag: sealed.suffix(tagLength))
            return Array(try ChaChaPoly.open(box, using: SymmetricKey(data: key), authenticating: associatedData))
        } catch {
            throw .authenticationFailed
        }
    }
}
