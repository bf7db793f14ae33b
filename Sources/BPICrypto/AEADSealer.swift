/// Seals messages under one key with counter nonces (0, 1, 2, …), so a nonce can never repeat:
/// the type cannot be copied (`~Copyable`), the counter only moves forward, and sealing stops
/// with `.nonceExhausted` instead of wrapping. ChaCha20-Poly1305; the 12-byte nonce is
/// 4 zero bytes ‖ the counter as u64 little-endian (as in Noise).
public struct AEADSealer: ~Copyable {
    private let key: SecretBytes
    private var counter: UInt64

    /// A sealer starting at `counter` (0 for a fresh key; a persisted value when resuming).
    public init(key: [UInt8], startingAt counter: UInt64 = 0) throws(CryptoError) {
        try CryptoError.requireLength("AEAD key", key, ChaCha20Poly1305.keyLength)
        self.key = SecretBytes(key)
        self.counter = counter
    }

    /// The counter the next message will use.
    public var nextCounter: UInt64 { counter }

    /// Seals the next message; returns its counter and `ciphertext ‖ tag`.
    public mutating func seal(_ plaintext: [UInt8], associatedData: [UInt8] = []) throws(CryptoError) -> (
        counter: UInt64, sealed: [UInt8]
    ) {
        // UInt64.max is never used, so a nonce sequence cannot come back to 0.
        guard counter < UInt64.max else { throw .nonceExhausted }
        let used = counter
        let sealed = try ChaCha20Poly1305.seal(
            plaintext, key: key.bytes, nonce: AEADNonce.counter(used), associatedData: associatedData)
        counter = used + 1
        return (used, sealed)
    }
}

/// Opens messages from an `AEADSealer` strictly in order: each counter must be the next one, so a
/// replayed, reordered or dropped message is refused before decryption.
public struct AEADOpener: ~Copyable {
    private let key: SecretBytes
    private var expected: UInt64

    /// An opener expecting `counter` next.
    public init(key: [UInt8], startingAt counter: UInt64 = 0) throws(CryptoError) {
        try CryptoError.requireLength("AEAD key", key, ChaCha20Poly1305.keyLength)
        self.key = SecretBytes(key)
        expected = counter
    }

    /// Opens the message sealed with `counter`; advances only when it authenticates.
    public mutating func open(counter: UInt64, _ sealed: [UInt8], associatedData: [UInt8] = []) throws(CryptoError) -> [UInt8] {
        guard counter == expected else { throw .replayedOrReordered(expected: expected, found: counter) }
        let plaintext = try ChaCha20Poly1305.open(
            sealed, key: key.bytes, nonce: AEADNonce.counter(counter), associatedData: associatedData)
        expected += 1
        return plaintext
    }
}

/// Nonce layouts shared by sealers and openers.
enum AEADNonce {
    /// 4 zero bytes ‖ u64le(counter).
    static func counter(_ n: UInt64) -> [UInt8] {
        [0, 0, 0, 0] + (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) }
    }
}
