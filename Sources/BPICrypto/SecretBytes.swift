import CSodium

/// Secret key material: held in one place, wiped when the last reference goes, and never printed
/// (its description is redacted), so secrets cannot reach logs by accident.
public final class SecretBytes: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    // Immutable after init; the only mutation is the wipe in deinit, when no other reference exists.
    private var storage: [UInt8]

    /// Takes ownership of `bytes` (the caller should not keep other copies).
    public init(_ bytes: [UInt8]) { storage = bytes }

    /// `count` fresh random bytes from the OS CSPRNG.
    public static func random(count: Int) -> SecretBytes { SecretBytes(Sodium.randomBytes(count)) }

    /// Number of bytes.
    public var count: Int { storage.count }

    /// Calls `body` with the secret bytes; do not let them escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes(body)
    }

    /// A copy of the bytes, for APIs that need an array (the caller owns and should wipe it).
    public var bytes: [UInt8] { storage }

    deinit {
        _ = Sodium.ready
        storage.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
    }

    /// Always `<redacted N bytes>`.
    public var description: String { "<redacted \(storage.count) bytes>" }
    /// Always `<redacted N bytes>`.
    public var debugDescription: String { description }
}
