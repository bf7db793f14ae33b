import BPICrypto

/// A Noise CipherState (Noise spec §5.1): ChaCha20-Poly1305 with nonce 0x00000000 ‖ u64le(n),
/// n never reused and never wrapping (2^64 − 1 is reserved for rekeying).
public struct NoiseCipherState: Sendable {
    private var key: [UInt8]?
    /// The next nonce.
    public private(set) var nonce: UInt64 = 0

    init(key: [UInt8]? = nil) { self.key = key }

    /// Whether a key is set (before, "encryption" passes plaintext through, as the spec says).
    public var hasKey: Bool { key != nil }

    static func nonceBytes(_ n: UInt64) -> [UInt8] {
        [0, 0, 0, 0] + (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) }
    }

    /// EncryptWithAd.
    public mutating func encrypt(_ plaintext: [UInt8], ad: [UInt8] = []) throws(NoiseError) -> [UInt8] {
        guard let key else { return plaintext }
        guard nonce < UInt64.max else { throw .nonceExhausted }
        guard let ct = try? ChaCha20Poly1305.seal(plaintext, key: key, nonce: Self.nonceBytes(nonce), associatedData: ad) else {
            throw .decryptionFailed
        }
        nonce += 1
        return ct
    }

    /// DecryptWithAd; the nonce advances only on success.
    public mutating func decrypt(_ ciphertext: [UInt8], ad: [UInt8] = []) throws(NoiseError) -> [UInt8] {
        guard let key else { return ciphertext }
        guard nonce < UInt64.max else { throw .nonceExhausted }
        guard let pt = try? ChaCha20Poly1305.open(ciphertext, key: key, nonce: Self.nonceBytes(nonce), associatedData: ad) else {
            throw .decryptionFailed
        }
        nonce += 1
        return pt
    }

    /// Rekey (§4.2): k = first 32 bytes of ENCRYPT(k, 2^64 − 1, "", 32 zero bytes); the nonce is kept.
    public mutating func rekey() {
        guard let key else { return }
        let out = try! ChaCha20Poly1305.seal([UInt8](repeating: 0, count: 32), key: key, nonce: Self.nonceBytes(UInt64.max))
        self.key = Array(out.prefix(32))
    }
}
