import BPICodec
import BPICrypto

/// An object encrypted before it is coded (docs/SPEC.md §15.7): canonical CBOR `[1, [KeySlot…],
/// nonce, ciphertext]`, the ciphertext XChaCha20-Poly1305 under a fresh per-object key with
/// associated data `canonical [1, [KeySlot…]]` (the slots cannot be changed or dropped unseen), the
/// key wrapped in one `KeySlot` per authorised reader. Storers, samplers and the chain see only this
/// envelope; its shards are checked like any other.
public struct SealedObject: Sendable, Equatable {
    public var slots: [KeySlot]
    public var nonce: [UInt8]
    public var ciphertext: [UInt8]

    /// Most readers per object.
    public static let maxSlots = 64

    /// Seals `plaintext` for `recipients` (X25519 public keys) with fresh randomness.
    public static func seal(_ plaintext: [UInt8], recipients: [[UInt8]]) throws(CryptoError) -> SealedObject {
        var rng = SystemRandomNumberGenerator()
        func random(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        return try seal(
            plaintext, recipients: recipients, objectKey: random(32), nonce: random(24),
            ephemeralSecrets: recipients.map { _ in X25519.generate().privateKey.bytes })
    }

    /// Seals with the given randomness (tests and vectors).
    public static func seal(
        _ plaintext: [UInt8], recipients: [[UInt8]], objectKey: [UInt8], nonce: [UInt8], ephemeralSecrets: [[UInt8]]
    ) throws(CryptoError) -> SealedObject {
        guard !recipients.isEmpty, recipients.count <= maxSlots, ephemeralSecrets.count == recipients.count else {
            throw .keyDerivationFailed("an object is sealed for 1…\(maxSlots) readers, one ephemeral key each")
        }
        var slots: [KeySlot] = []
        for (recipient, ephemeral) in zip(recipients, ephemeralSecrets) {
            slots.append(try KeySlot(objectKey: objectKey, recipient: recipient, ephemeralSecret: ephemeral))
        }
        let ciphertext = try XChaCha20Poly1305.seal(
            plaintext, key: objectKey, nonce: nonce, associatedData: Self.associatedData(slots))
        return SealedObject(slots: slots, nonce: nonce, ciphertext: ciphertext)
    }

    public init(slots: [KeySlot], nonce: [UInt8], ciphertext: [UInt8]) {
        self.slots = slots
        self.nonce = nonce
        self.ciphertext = ciphertext
    }

    /// The plaintext, for the holder of the X25519 private key `secret` that has a slot.
    public func open(secret: [UInt8]) throws(CryptoError) -> [UInt8] {
        let mine = try X25519.publicKey(privateKey: secret)
        guard let slot = slots.first(where: { $0.recipient == mine }) else {
            throw .keyDerivationFailed("the object has no key slot for this reader's public key")
        }
        let key = try slot.unwrap(recipientSecret: secret)
        return try XChaCha20Poly1305.open(ciphertext, key: key, nonce: nonce, associatedData: Self.associatedData(slots))
    }

    static func associatedData(_ slots: [KeySlot]) -> [UInt8] {
        (try? CBOREncoder.encode(.array([.unsigned(1), .array(slots.map(\.cbor))]))) ?? []
    }
}

extension SealedObject: CBORCodable {
    public var cborFields: [CBOR] { [.unsigned(1), .array(slots.map(\.cbor)), .bytes(nonce), .bytes(ciphertext)] }

    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("SealedObject.version: 1") }
        slots = try f.nextArray("slots", of: KeySlot.self)
        guard !slots.isEmpty, slots.count <= Self.maxSlots else { throw .schema("SealedObject.slots: 1…\(Self.maxSlots)") }
        nonce = try f.nextBytes("nonce", count: 24)
        ciphertext = try f.nextBytes("ciphertext")
        guard ciphertext.count >= 16 else { throw .schema("SealedObject.ciphertext: at least the 16-byte tag") }
    }
}
