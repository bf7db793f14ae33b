import BPIBLS

/// A participant's share s_j of the epoch master secret, from key generation. It signs key
/// shares for heights; it is never published (a node keeps it encrypted at rest, SPEC §16.4).
public struct EpochSecretShare: Sendable, CustomStringConvertible {
    /// The participant's index.
    public let index: UInt32
    /// s_j.
    let scalar: Fr

    /// Wraps a share (key generation and the node's key file).
    public init(index: UInt32, scalar: Fr) {
        self.index = index
        self.scalar = scalar
    }

    /// The share from its 32-byte big-endian encoding; nil when not a canonical non-zero scalar.
    public init?(index: UInt32, bytes: [UInt8]) {
        guard let s = Fr(bigEndian: bytes), !s.isZero else { return nil }
        self.init(index: index, scalar: s)
    }

    /// The 32-byte big-endian encoding (for the encrypted key file only).
    public var bytes: [UInt8] { scalar.bigEndianBytes }

    /// This participant's key share for `identity`: s_j·H(id).
    public func keyShare(for identity: EncryptionIdentity) -> DecryptionKeyShare {
        DecryptionKeyShare(index: index, point: identity.point.multiplied(by: scalar))
    }

    /// Never prints the secret.
    public var description: String { "<epoch secret share \(index)>" }
}
