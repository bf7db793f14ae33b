/// Why a BLS operation or decoding was refused.
public enum BLSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A byte string had the wrong length.
    case invalidLength(what: String, expected: Int, found: Int)
    /// The flag bits of a point encoding are inconsistent.
    case invalidFlags(String)
    /// A coordinate is not below p.
    case nonCanonicalCoordinate
    /// No point on the curve has this x-coordinate (or the point is not on the curve).
    case notOnCurve
    /// The point is not in the prime-order subgroup.
    case notInSubgroup
    /// The identity where it is not allowed (public keys, signatures in verification).
    case identityPoint
    /// A secret key is zero or not below the group order.
    case invalidSecretKey
    /// Key generation needs at least 32 bytes of input keying material.
    case keyMaterialTooShort(Int)
    /// expand_message_xmd cannot produce this many bytes.
    case expandLengthTooLarge(Int)
    /// An aggregate needs at least one element, and the same number of keys and messages.
    case invalidAggregate(String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .invalidLength(let w, let e, let f): return "\(w) must be \(e) bytes, got \(f)"
        case .invalidFlags(let why): return "invalid point encoding flags: \(why)"
        case .nonCanonicalCoordinate: return "point coordinate is not below the field modulus"
        case .notOnCurve: return "point is not on the curve"
        case .notInSubgroup: return "point is not in the prime-order subgroup"
        case .identityPoint: return "the identity point is not allowed here"
        case .invalidSecretKey: return "secret key must be non-zero and below the group order"
        case .keyMaterialTooShort(let n): return "key generation needs at least 32 bytes of keying material, got \(n)"
        case .expandLengthTooLarge(let n): return "expand_message_xmd cannot produce \(n) bytes"
        case .invalidAggregate(let why): return "invalid aggregate: \(why)"
        }
    }
}
