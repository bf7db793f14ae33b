import BPICodec
import BPICrypto
import BPIHash

/// A service's name: a SPIFFE ID `spiffe://<trust-domain>/<path>` (docs/SPEC.md §12), and the
/// 32-byte id frames carry, `svcIDHash = H(0x31 ‖ SPIFFE ID)`.
public struct ServiceName: Hashable, Sendable, CustomStringConvertible {
    /// The SPIFFE ID.
    public let uri: String

    /// Longest SPIFFE ID accepted (the SPIFFE specification's limit).
    public static let maxLength = 2_048

    /// Parses and checks a SPIFFE ID: the scheme, a valid trust domain, and a path of one or more
    /// non-empty segments of lower-case letters, digits, `.`, `-` and `_`.
    public init(_ uri: String) throws(TypesError) {
        let prefix = "spiffe://"
        guard uri.utf8.count <= Self.maxLength, uri.hasPrefix(prefix) else {
            throw .invalid(
                "a service name is a SPIFFE ID spiffe://<trust-domain>/<path>, at most 2048 bytes; got \(uri.prefix(80))")
        }
        let parts = uri.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        do {
            try SPIFFEID.validate(trustDomain: String(parts[0]))
        } catch {
            throw .invalid("\(uri): \(error)")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_")
        guard parts.count >= 2,
            parts.dropFirst().allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && $0.allSatisfy(allowed.contains) })
        else {
            throw .invalid("\(uri): the path must be non-empty segments of a-z, 0-9, '.', '-', '_'")
        }
        self.uri = uri
    }

    /// The trust domain reserved for validators' own services (docs/SPEC.md §16.5).
    public static let validatorTrustDomain = "validator.bpi"

    /// The service of the validator with this identity key: `spiffe://validator.bpi/<hex key>`.
    /// Only that key may register it, and it never rotates (`ServiceDirectory`).
    public static func validator(identityKey: [UInt8]) -> ServiceName {
        // 64 lower-case hex digits are a valid path segment.
        try! ServiceName("spiffe://\(validatorTrustDomain)/\(Hex.encode(identityKey))")
    }

    /// The identity key a name in the validators' trust domain names (nil for any other name).
    public var validatorIdentityKey: [UInt8]? {
        let prefix = "spiffe://\(Self.validatorTrustDomain)/"
        guard uri.hasPrefix(prefix) else { return nil }
        return try? Hex.decode(String(uri.dropFirst(prefix.count)))
    }

    /// `svcIDHash = H(0x31 ‖ SPIFFE ID)`.
    public var id: Hash32 { HashAlgorithm.blake3.hash(Array(uri.utf8), tag: .serviceID) }

    /// The SPIFFE ID.
    public var description: String { uri }
}
