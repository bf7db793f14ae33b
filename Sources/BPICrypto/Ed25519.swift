import BPICodec
import CSodium
import Crypto

/// An Ed25519 public key (RFC 8032), checked on construction: 32 bytes with a canonical
/// y-coordinate (y < 2^255 - 19).
public struct Ed25519PublicKey: Hashable, Sendable, CustomStringConvertible {
    /// Encoded length.
    public static let length = 32
    /// The 32-byte encoding.
    public let bytes: [UInt8]

    /// Validates and wraps an encoded public key.
    public init(bytes: [UInt8]) throws(CryptoError) {
        try CryptoError.requireLength("Ed25519 public key", bytes, Self.length)
        guard Ed25519Encoding.isCanonicalPoint(bytes) else { throw .invalidPublicKey("non-canonical encoding (y ≥ p)") }
        guard (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil else {
            throw .invalidPublicKey("not a point on edwards25519")
        }
        self.bytes = bytes
    }

    /// Strict RFC 8032 verification: the signature is 64 bytes, `R` is canonically encoded, `S < L`,
    /// and `[S]B = R + [k]A` holds — through libsodium (`crypto_sign_verify_detached`, about 1.4×
    /// BoringSSL's speed here), which also refuses a small-order `R` or key: no honest signature or
    /// key has one (docs/SPEC.md §5).
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64,
            Ed25519Encoding.isCanonicalPoint(signature[0..<32]),
            Ed25519Encoding.isCanonicalScalar(signature[32..<64])
        else { return false }
        _ = Sodium.ready
        return signature.withUnsafeBufferPointer { sig in
            message.withUnsafeBufferPointer { m in
                bytes.withUnsafeBufferPointer { pk in
                    crypto_sign_verify_detached(sig.baseAddress!, m.baseAddress, UInt64(m.count), pk.baseAddress!) == 0
                }
            }
        }
    }

    /// Lower-case hex of the key.
    public var description: String { Hex.encode(bytes) }

    public static func == (a: Ed25519PublicKey, b: Ed25519PublicKey) -> Bool { a.bytes == b.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}

/// An Ed25519 signing key: the 32-byte seed of RFC 8032, kept in `SecretBytes`.
public struct Ed25519PrivateKey: Sendable {
    /// The secret seed (never printed).
    public let seed: SecretBytes
    /// The matching public key.
    public let publicKey: Ed25519PublicKey

    /// The key for a 32-byte seed.
    public init(seed: [UInt8]) throws(CryptoError) {
        try CryptoError.requireLength("Ed25519 seed", seed, 32)
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw .invalidLength(what: "Ed25519 seed", expected: 32, found: seed.count)
        }
        self.seed = SecretBytes(seed)
        publicKey = try Ed25519PublicKey(bytes: Array(key.publicKey.rawRepresentation))
    }

    /// A fresh random key.
    public static func generate() -> Ed25519PrivateKey {
        // A random 32-byte seed is always a valid key.
        try! Ed25519PrivateKey(seed: Sodium.randomBytes(32))
    }

    /// The deterministic RFC 8032 signature of `message` (64 bytes).
    public func sign(_ message: [UInt8]) -> [UInt8] {
        let key = seed.withUnsafeBytes { try! Curve25519.Signing.PrivateKey(rawRepresentation: $0) }
        return Array(try! key.signature(for: message))
    }
}

/// Encoding checks of RFC 8032 §5.1.3 and §5.1.7 that verification applies before any arithmetic.
enum Ed25519Encoding {
    /// The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
    static let order: [UInt8] = [
        0xED, 0xD3, 0xF5, 0x5C, 0x1A, 0x63, 0x12, 0x58, 0xD6, 0x9C, 0xF7, 0xA2, 0xDE, 0xF9, 0xDE, 0x14,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    ]

    /// Whether a 32-byte little-endian value is below `bound` (also little-endian, 32 bytes).
    static func isLess(_ value: some Collection<UInt8>, than bound: [UInt8]) -> Bool {
        let v = Array(value)
        for i in stride(from: 31, through: 0, by: -1) where v[i] != bound[i] {
            return v[i] < bound[i]
        }
        return false
    }

    /// Whether the y-coordinate (the low 255 bits) is below p = 2^255 - 19.
    static func isCanonicalPoint(_ encoding: some Collection<UInt8>) -> Bool {
        var y = Array(encoding)
        y[31] &= 0x7F
        let p: [UInt8] = [0xED] + [UInt8](repeating: 0xFF, count: 30) + [0x7F]
        return isLess(y, than: p)
    }

    /// Whether a scalar is fully reduced (S < L).
    static func isCanonicalScalar(_ s: some Collection<UInt8>) -> Bool { isLess(s, than: order) }
}
