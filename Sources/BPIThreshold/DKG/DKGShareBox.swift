import BPIBLS
import BPICrypto

/// Seals one share to one participant (docs/SPEC.md §16.2): X25519 between the dealing's
/// ephemeral key and the participant's key (its Ed25519 identity key in Montgomery form),
/// HKDF-SHA256 (salt: session ‖ ephemeral ‖ recipient key; info `metanode/bpi/v1/dkg-share`) to a
/// 32-byte key and 24-byte nonce, XChaCha20-Poly1305 over the 32-byte share with associated data
/// u32be(dealer) ‖ u32be(recipient). Every box has its own key, so the derived nonce never repeats.
enum DKGShareBox {
    /// The key and nonce of one box.
    static func keyAndNonce(shared: [UInt8], session: [UInt8], ephemeralKey: [UInt8], recipientKey: [UInt8]) -> ([UInt8], [UInt8])
    {
        AEADKeying.keyAndNonce(inputKeyMaterial: shared, salt: session + ephemeralKey + recipientKey, context: .dkgShare)
    }

    /// u32be(dealer) ‖ u32be(recipient).
    static func associatedData(dealer: UInt32, recipient: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: dealer >> (24 - 8 * $0)) }
            + (0..<4).map { UInt8(truncatingIfNeeded: recipient >> (24 - 8 * $0)) }
    }

    /// Seals `share` for `recipient`; nil when the recipient's key is a low-order point (no
    /// honest key is; the box is then left unopenable and the recipient complains).
    static func seal(
        _ share: Fr, dealer: UInt32, recipient: UInt32, recipientKey: [UInt8], ephemeralSecret: [UInt8], ephemeralKey: [UInt8],
        session: [UInt8]
    ) -> [UInt8]? {
        guard let shared = try? X25519.sharedSecret(privateKey: ephemeralSecret, publicKey: recipientKey) else { return nil }
        let (key, nonce) = keyAndNonce(shared: shared, session: session, ephemeralKey: ephemeralKey, recipientKey: recipientKey)
        return try? XChaCha20Poly1305.seal(
            share.bigEndianBytes, key: key, nonce: nonce, associatedData: associatedData(dealer: dealer, recipient: recipient))
    }

    /// Opens box `recipient` of a dealing with the recipient's X25519 secret; nil when it does not
    /// open or holds a non-canonical scalar.
    static func open(_ dealing: DKGDealing, recipient: UInt32, secret: SecretBytes, session: [UInt8]) -> Fr? {
        let box = dealing.boxes[Int(recipient) - 1]
        guard let ownKey = try? X25519.publicKey(privateKey: secret.bytes),
            let shared = try? X25519.sharedSecret(privateKey: secret.bytes, publicKey: dealing.ephemeralKey)
        else { return nil }
        let (key, nonce) = keyAndNonce(shared: shared, session: session, ephemeralKey: dealing.ephemeralKey, recipientKey: ownKey)
        guard
            let plain = try? XChaCha20Poly1305.open(
                box, key: key, nonce: nonce, associatedData: associatedData(dealer: dealing.dealer, recipient: recipient))
        else { return nil }
        return Fr(bigEndian: plain)
    }
}
