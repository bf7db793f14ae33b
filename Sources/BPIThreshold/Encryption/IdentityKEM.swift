import BPIBLS
import BPICrypto

/// Identity-based encryption to a committee's master key (Boneh–Franklin, hashed KEM + AEAD;
/// docs/SPEC.md §16.3). To encrypt to identity id under mpk: draw r, send U = r·G2, and derive
/// the key from g = ê(r·H(id), mpk). Whoever holds the identity's decryption key K = s·H(id)
/// computes the same g = ê(K, U). ê is this library's pairing (`Pairing.pairing`), which equals
/// e(P, Q)^−3 for the optimal ate pairing e as py_ecc computes it (the cube from the final
/// exponentiation, the sign from the Miller loop's conjugation; 3 is prime to r, so nothing about
/// the scheme changes). Another implementation cubes its e and conjugates (Tests/Oracles/threshold_oracle.py).
///
/// KDF: HKDF-SHA256(ikm = the 576 bytes of g, salt = U ‖ id, info `metanode/bpi/v1/mempool`) →
/// 32-byte key ‖ 24-byte nonce; AEAD: XChaCha20-Poly1305 with the caller's associated data. The
/// key is fresh per ciphertext, so the derived nonce is never reused.
public enum IdentityKEM {
    /// Encrypts `plaintext` to `identity` under `masterKey` with fresh randomness.
    public static func seal(
        _ plaintext: [UInt8], to masterKey: G2Point, identity: EncryptionIdentity, associatedData: [UInt8] = []
    ) throws(ThresholdError) -> IdentityCiphertext {
        var r = Fr.random()
        while r.isZero { r = Fr.random() }
        return try seal(plaintext, to: masterKey, identity: identity, associatedData: associatedData, randomness: r)
    }

    /// Encrypts with the given randomness r ≠ 0 (oracle tests; reusing r across identities or
    /// keys reveals nothing new, but a caller must never pick r predictably).
    public static func seal(
        _ plaintext: [UInt8], to masterKey: G2Point, identity: EncryptionIdentity, associatedData: [UInt8] = [], randomness r: Fr
    ) throws(ThresholdError) -> IdentityCiphertext {
        guard !masterKey.isInfinity else { throw .invalidEncoding("the master key is the identity") }
        guard !r.isZero else { throw .invalidParameters("the encryption randomness must be non-zero") }
        let u = G2Point.generator.multiplied(by: r).compressed
        let g = Pairing.pairing(identity.point.multiplied(by: r), masterKey)
        let (key, nonce) = keyAndNonce(g, u: u, identity: identity)
        do {
            return try IdentityCiphertext(
                u: u, sealed: XChaCha20Poly1305.seal(plaintext, key: key, nonce: nonce, associatedData: associatedData))
        } catch {
            throw .invalidParameters("AEAD refused the plaintext: \(error)")
        }
    }

    /// Decrypts with the identity's decryption key; throws `decryptionFailed` when the key, the
    /// identity or the associated data are not the ones it was sealed with, or the bytes were changed.
    public static func open(
        _ ciphertext: IdentityCiphertext, with key: DecryptionKey, identity: EncryptionIdentity, associatedData: [UInt8] = []
    ) throws(ThresholdError) -> [UInt8] {
        let g = Pairing.pairing(key.point, ciphertext.uPoint)
        let (k, nonce) = keyAndNonce(g, u: ciphertext.u, identity: identity)
        guard let plain = try? XChaCha20Poly1305.open(ciphertext.sealed, key: k, nonce: nonce, associatedData: associatedData)
        else { throw .decryptionFailed }
        return plain
    }

    /// HKDF-SHA256(g, salt U ‖ id, info mempool) → key(32) ‖ nonce(24).
    static func keyAndNonce(_ g: Fp12, u: [UInt8], identity: EncryptionIdentity) -> ([UInt8], [UInt8]) {
        AEADKeying.keyAndNonce(inputKeyMaterial: g.bigEndianBytes, salt: u + identity.bytes, context: .mempool)
    }
}
