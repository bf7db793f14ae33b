import CSodium

/// XChaCha20-Poly1305 (IETF, 192-bit nonces) through libsodium: the default AEAD. With 24-byte
/// nonces, random nonces are safe for any practical number of messages under one key.
public enum XChaCha20Poly1305 {
    /// Key length.
    public static let keyLength = 32
    /// Nonce length (192 bits).
    public static let nonceLength = 24
    /// Tag length.
    public static let tagLength = 16

    /// `ciphertext ‖ tag` of `plaintext` under `key` and `nonce`, authenticating `associatedData` too.
    public static func seal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8] = []) throws(CryptoError)
        -> [UInt8]
    {
        try CryptoError.requireLength("XChaCha20-Poly1305 key", key, keyLength)
        try CryptoError.requireLength("XChaCha20-Poly1305 nonce", nonce, nonceLength)
        _ = Sodium.ready
        var out = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        var outLength: UInt64 = 0
        _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
            &out, &outLength, plaintext, UInt64(plaintext.count), associatedData, UInt64(associatedData.count),
            nil, nonce, key)
        return out
    }

    /// The plaintext of `ciphertext ‖ tag`, or `.authenticationFailed` if anything was altered.
    public static func open(_ sealed: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8] = []) throws(CryptoError)
        -> [UInt8]
    {
        try CryptoError.requireLength("XChaCha20-Poly1305 key", key, keyLength)
        try CryptoError.requireLength("XChaCha20-Poly1305 nonce", nonce, nonceLength)
        guard sealed.count >= tagLength else { throw .authenticationFailed }
        _ = Sodium.ready
        var out = [UInt8](repeating: 0, count: sealed.count - tagLength)
        var outLength: UInt64 = 0
        let status = crypto_aead_xchacha20poly1305_ietf_decrypt(
            &out, &outLength, nil, sealed, UInt64(sealed.count), associatedData, UInt64(associatedData.count), nonce, key)
        guard status == 0 else { throw .authenticationFailed }
        return out
    }

    /// `nonce(24) ‖ ciphertext ‖ tag(16)` with a fresh random 192-bit nonce.
    public static func sealWithRandomNonce(_ plaintext: [UInt8], key: [UInt8], associatedData: [UInt8] = []) throws(CryptoError)
        -> [UInt8]
    {
        let nonce = Sodium.randomBytes(nonceLength)
        return nonce + (try seal(plaintext, key: key, nonce: nonce, associatedData: associatedData))
    }

    /// Opens `nonce(24) ‖ ciphertext ‖ tag(16)`.
    public static func openWithNonce(_ box: [UInt8], key: [UInt8], associatedData: [UInt8] = []) throws(CryptoError) -> [UInt8] {
        guard box.count >= nonceLength + tagLength else { throw .authenticationFailed }
        return try open(Array(box[nonceLength...]), key: key, nonce: Array(box[..<nonceLength]), associatedData: associatedData)
    }
}
