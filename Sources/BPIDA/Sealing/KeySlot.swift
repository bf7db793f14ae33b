import BPICodec
import BPICrypto

/// The object key wrapped for one reader (docs/SPEC.md §15.7): `[recipient, ephemeral, wrapped]` —
/// the reader's X25519 public key, a fresh ephemeral X25519 public key, and the 32-byte object key
/// sealed with XChaCha20-Poly1305 under `HKDF-SHA256(ikm = X25519(ephemeral, recipient), salt =
/// ephemeral ‖ recipient, info = "bpi da key slot v1")`, nonce zero (the key is used once), associated
/// data `recipient ‖ ephemeral`.
public struct KeySlot: Sendable, Equatable {
    public var recipient: [UInt8]
    public var ephemeral: [UInt8]
    public var wrapped: [UInt8]

    static let info = Array("bpi da key slot v1".utf8)

    /// Wraps `objectKey` for `recipient` with the ephemeral private key `ephemeralSecret`.
    public init(objectKey: [UInt8], recipient: [UInt8], ephemeralSecret: [UInt8]) throws(CryptoError) {
        let ephemeral = try X25519.publicKey(privateKey: ephemeralSecret)
        let key = try Self.wrapKey(
            shared: try X25519.sharedSecret(privateKey: ephemeralSecret, publicKey: recipient), ephemeral, recipient)
        self.recipient = recipient
        self.ephemeral = ephemeral
        wrapped = try XChaCha20Poly1305.seal(objectKey, key: key, nonce: Self.zeroNonce, associatedData: recipient + ephemeral)
    }

    /// The object key, for the holder of `recipientSecret` (whose public key is `recipient`).
    public func unwrap(recipientSecret: [UInt8]) throws(CryptoError) -> [UInt8] {
        let key = try Self.wrapKey(
            shared: try X25519.sharedSecret(privateKey: recipientSecret, publicKey: ephemeral), ephemeral, recipient)
        return try XChaCha20Poly1305.open(wrapped, key: key, nonce: Self.zeroNonce, associatedData: recipient + ephemeral)
    }

    static let zeroNonce = [UInt8](repeating: 0, count: XChaCha20Poly1305.nonceLength)

    static func wrapKey(shared: [UInt8], _ ephemeral: [UInt8], _ recipient: [UInt8]) throws(CryptoError) -> [UInt8] {
        try HKDFSHA256.derive(inputKeyMaterial: shared, salt: ephemeral + recipient, info: info, length: 32)
    }
}

extension KeySlot: CBORCodable {
    public var cborFields: [CBOR] { [.bytes(recipient), .bytes(ephemeral), .bytes(wrapped)] }

    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        recipient = try f.nextBytes("recipient", count: 32)
        ephemeral = try f.nextBytes("ephemeral", count: 32)
        wrapped = try f.nextBytes("wrapped", count: 48)
    }
}
