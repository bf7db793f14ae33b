import BPICodec
import BPIHash

/// A validator's SPIFFE ID, `spiffe://<trust-domain>/validator/<id>`, where `id` is the first 20
/// bytes (40 hex digits) of `H(0x20 ‖ Ed25519 public key)`: stable for a key, and what the dev CA
/// writes into certificates' URI SAN.
public struct SPIFFEID: Hashable, Sendable, CustomStringConvertible {
    /// The trust domain (lower-case letters, digits, `.`, `-`, `_`).
    public let trustDomain: String
    /// The validator id (40 hex digits).
    public let validatorID: String

    /// The id of `publicKey` in `trustDomain`.
    public init(trustDomain: String, publicKey: Ed25519PublicKey) throws(IdentityError) {
        try Self.validate(trustDomain: trustDomain)
        self.trustDomain = trustDomain
        validatorID = Self.validatorID(of: publicKey)
    }

    /// Parses `spiffe://domain/validator/id`.
    public init(uri: String) throws(IdentityError) {
        let prefix = "spiffe://"
        guard uri.hasPrefix(prefix) else { throw .invalidSPIFFEID(uri) }
        let parts = uri.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1] == "validator", parts[2].count == 40,
            parts[2].allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else { throw .invalidSPIFFEID(uri) }
        try Self.validate(trustDomain: String(parts[0]))
        trustDomain = String(parts[0])
        validatorID = String(parts[2])
    }

    /// `H(0x20 ‖ public key)` truncated to 20 bytes, in hex.
    public static func validatorID(of key: Ed25519PublicKey) -> String {
        Hex.encode(HashAlgorithm.blake3.hash(key.bytes, tag: .validatorIdentity).bytes.prefix(20))
    }

    /// Checks a trust-domain name against the SPIFFE rules.
    public static func validate(trustDomain: String) throws(IdentityError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_")
        guard !trustDomain.isEmpty, trustDomain.count <= 255, trustDomain.allSatisfy(allowed.contains) else {
            throw .invalidTrustDomain(trustDomain)
        }
    }

    /// `spiffe://<trust-domain>/validator/<id>`.
    public var uri: String { "spiffe://\(trustDomain)/validator/\(validatorID)" }
    /// The URI.
    public var description: String { uri }
}
