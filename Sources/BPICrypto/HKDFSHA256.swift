import Crypto

/// HKDF with SHA-256 (RFC 5869) through swift-crypto.
public enum HKDFSHA256 {
    /// The most output HKDF-SHA256 can produce (255 blocks of 32 bytes).
    public static let maxOutputLength = 255 * 32

    /// Derives `length` bytes from `inputKeyMaterial`, `salt` and raw `info`.
    public static func derive(inputKeyMaterial: [UInt8], salt: [UInt8], info: [UInt8], length: Int) throws(CryptoError) -> [UInt8]
    {
        guard length >= 0 && length <= maxOutputLength else {
            throw .keyDerivationFailed("HKDF-SHA256 output must be 0…\(maxOutputLength) bytes, asked for \(length)")
        }
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: inputKeyMaterial), salt: salt, info: info, outputByteCount: length)
        return key.withUnsafeBytes { Array($0) }
    }

    /// Derives `length` bytes for a registered purpose.
    public static func derive(inputKeyMaterial: [UInt8], salt: [UInt8] = [], context: KDFContext, length: Int = 32)
        throws(CryptoError) -> [UInt8]
    {
        try derive(inputKeyMaterial: inputKeyMaterial, salt: salt, info: Array(context.rawValue.utf8), length: length)
    }
}
