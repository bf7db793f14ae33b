import BPICrypto

/// The one way this module keys its XChaCha20-Poly1305 boxes (share boxes §16.2, payloads §16.3):
/// HKDF-SHA256 to 56 bytes, the first 32 the key, the last 24 the nonce. Every input secret is
/// fresh per box, so a derived nonce never repeats under a key.
enum AEADKeying {
    static func keyAndNonce(inputKeyMaterial: [UInt8], salt: [UInt8], context: KDFContext) -> (key: [UInt8], nonce: [UInt8]) {
        // 56 bytes is far below HKDF's limit of 255 · 32.
        let okm = try! HKDFSHA256.derive(inputKeyMaterial: inputKeyMaterial, salt: salt, context: context, length: 56)
        return (Array(okm[0..<32]), Array(okm[32..<56]))
    }
}
