/// Checks a ``ZKClaim`` against a verifying key an agreement pins (docs/SPEC.md §14.8). One
/// conformance per proving system; ``ClaimVerifiers/verifier(for:)`` picks it by the claim's name.
public protocol ClaimVerifier: Sendable {
    /// The proving system this verifier answers for (the claim's `system`).
    var system: String { get }
    /// Whether `key` (the system's verifying-key encoding) is one this verifier can use.
    func checkKey(_ key: [UInt8]) throws(ClaimError)
    /// Returns when `claim` holds under `key`; throws why it is refused otherwise.
    func verify(_ claim: ZKClaim, key: [UInt8]) throws(ClaimError)
}

/// Why a claim or a claim key was refused.
public enum ClaimError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No verifier for the claim's proving system.
    case unknownSystem(String)
    /// The claim names a key the agreement does not pin.
    case noSuchKey(index: UInt64, pinned: Int)
    /// The verifying key is malformed.
    case badKey(String)
    /// The proof or public inputs are malformed (wrong count, non-canonical input, a bad point).
    case malformed(String)
    /// The proof is well-formed and does not verify for these inputs.
    case invalidProof

    public var description: String {
        switch self {
        case .unknownSystem(let s): return "no verifier for proving system \"\(s)\" (known: \(Groth16ClaimVerifier().system))"
        case .noSuchKey(let i, let n): return "the claim names verifying key \(i); the agreement pins \(n)"
        case .badKey(let m): return "bad verifying key: \(m)"
        case .malformed(let m): return "malformed claim: \(m)"
        case .invalidProof: return "the proof does not verify for these public inputs"
        }
    }
}

/// The verifiers there are.
public enum ClaimVerifiers {
    /// The verifier of `system`.
    public static func verifier(for system: String) throws(ClaimError) -> any ClaimVerifier {
        let groth16 = Groth16ClaimVerifier()
        guard system == groth16.system else { throw .unknownSystem(system) }
        return groth16
    }

    /// Verifies `claim` under key `claim.keyIndex` of `keys` (an agreement's pinned keys).
    public static func verify(_ claim: ZKClaim, keys: [[UInt8]]) throws(ClaimError) {
        guard claim.keyIndex < UInt64(keys.count) else { throw .noSuchKey(index: claim.keyIndex, pinned: keys.count) }
        try verifier(for: claim.system).verify(claim, key: keys[Int(claim.keyIndex)])
    }
}
