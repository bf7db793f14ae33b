/// An HKDF `info` string from the registry in `docs/SPEC.md` §2.1: every derived key names its
/// purpose, so keys derived for different purposes from one secret are independent.
public struct KDFContext: RawRepresentable, Hashable, Sendable {
    /// The context string.
    public let rawValue: String

    /// Wraps a context string (prefer the registry constants).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Key-file encryption key, from the Argon2id output of the passphrase.
    public static let keystore = KDFContext(rawValue: "metanode/bpi/v1/keystore")
    /// Transport keys of an authenticated channel (reserved for BPINet).
    public static let channel = KDFContext(rawValue: "metanode/bpi/v1/channel")
    /// A service session's first key for one direction, from the Noise IK handshake (§12.2).
    public static let session = KDFContext(rawValue: "metanode/bpi/v1/session")
    /// A service session's next key for one direction, from the key it replaces (§12.2).
    public static let sessionRekey = KDFContext(rawValue: "metanode/bpi/v1/session-rekey")
    /// The AEAD key and nonce of a payload encrypted to a height (the encrypted mempool, §16.3),
    /// from the pairing value.
    public static let mempool = KDFContext(rawValue: "metanode/bpi/v1/mempool")
    /// The AEAD key and nonce of one key-generation share box (§16.2), from an X25519 secret.
    public static let dkgShare = KDFContext(rawValue: "metanode/bpi/v1/dkg-share")
    /// A validator's dealing secrets for one key generation (§16.5), from its identity seed.
    public static let dkgDealer = KDFContext(rawValue: "metanode/bpi/v1/dkg-dealer")
}
