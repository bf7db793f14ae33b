import CSodium

/// Argon2id (RFC 9106, libsodium's `crypto_pwhash`): turns a passphrase into key material slowly
/// and memory-hard, so stolen key files resist guessing.
public struct Argon2id: Sendable, Equatable {
    /// Passes over memory.
    public var opsLimit: UInt64
    /// Memory in bytes.
    public var memLimit: UInt64

    /// Creates parameters.
    public init(opsLimit: UInt64, memLimit: UInt64) {
        self.opsLimit = opsLimit
        self.memLimit = memLimit
    }

    /// libsodium's "interactive" profile: 2 passes over 64 MiB.
    public static let interactive = Argon2id(opsLimit: 2, memLimit: 64 << 20)
    /// Salt length.
    public static let saltLength = 16

    /// `length` bytes derived from `passphrase` and `salt`.
    public func derive(passphrase: [UInt8], salt: [UInt8], length: Int = 32) throws(CryptoError) -> SecretBytes {
        try CryptoError.requireLength("Argon2id salt", salt, Self.saltLength)
        guard opsLimit >= 1, opsLimit <= 16, memLimit >= 8 << 10, memLimit <= 4 << 30 else {
            throw .keyDerivationFailed("Argon2id parameters out of range (ops \(opsLimit), memory \(memLimit) bytes)")
        }
        _ = Sodium.ready
        var out = [UInt8](repeating: 0, count: length)
        // One spare byte so even an empty passphrase has a valid buffer address.
        var buffer = passphrase + [0]
        defer { buffer.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) } }
        let status = buffer.withUnsafeBufferPointer { pw in
            pw.withMemoryRebound(to: CChar.self) { p in
                crypto_pwhash(
                    &out, UInt64(length), p.baseAddress!, UInt64(passphrase.count), salt, opsLimit, Int(memLimit),
                    crypto_pwhash_ALG_ARGON2ID13)
            }
        }
        guard status == 0 else { throw .keyDerivationFailed("out of memory for Argon2id (\(memLimit) bytes)") }
        return SecretBytes(out)
    }
}
