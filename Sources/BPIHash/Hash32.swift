import BPICodec

/// A 32-byte digest held inline (no heap allocation), so trees of millions of nodes stay cheap.
@frozen
public struct Hash32: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline var storage: (UInt64, UInt64, UInt64, UInt64)

    /// The all-zero digest (the `top` of an empty Merkle tree).
    public static let zero = Hash32(storage: (0, 0, 0, 0))

    @inlinable
    init(storage: (UInt64, UInt64, UInt64, UInt64)) { self.storage = storage }

    /// Reads 32 bytes at `p`.
    @inlinable
    public init(bytes p: UnsafeRawPointer) {
        storage = (
            p.loadUnaligned(fromByteOffset: 0, as: UInt64.self), p.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
            p.loadUnaligned(fromByteOffset: 16, as: UInt64.self), p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        )
    }

    /// A digest from exactly 32 bytes; `nil` for any other length.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self = bytes.withUnsafeBytes { Hash32(bytes: $0.baseAddress!) }
    }

    /// A digest from 64 hex digits; `nil` if the text is not exactly that.
    public init?(hex: some StringProtocol) {
        guard let bytes = try? Hex.decode(hex) else { return nil }
        self.init(bytes)
    }

    /// Calls `body` with the digest's 32 bytes.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    /// The digest's bytes.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Lower-case hex of the digest.
    public var hex: String { withUnsafeBytes { Hex.encode($0) } }

    /// Lower-case hex of the digest.
    public var description: String { hex }

    public static func == (a: Hash32, b: Hash32) -> Bool {
        a.storage.0 == b.storage.0 && a.storage.1 == b.storage.1 && a.storage.2 == b.storage.2 && a.storage.3 == b.storage.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.0)
        hasher.combine(storage.1)
        hasher.combine(storage.2)
        hasher.combine(storage.3)
    }
}
