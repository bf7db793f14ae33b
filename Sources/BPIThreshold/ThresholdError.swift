/// Why a threshold-cryptography operation or decoding was refused. Every case names what to fix.
public enum ThresholdError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The committee size or threshold is out of range.
    case invalidParameters(String)
    /// A point or scalar failed to decode or is not allowed here (the identity, a point outside the subgroup).
    case invalidEncoding(String)
    /// A participant index outside 1…n.
    case indexOutOfRange(UInt32, n: Int)
    /// Fewer valid key shares than the threshold.
    case notEnoughShares(have: Int, need: Int)
    /// Two key shares (or dealings) for the same index.
    case duplicateIndex(UInt32)
    /// These key shares do not verify against their holders' public shares.
    case invalidShares([UInt32])
    /// Key generation cannot finish: too few dealers qualified.
    case keyGenerationFailed(qualified: Int, need: Int)
    /// The participant's own secret share does not match the public share the transcript derives.
    case secretShareMismatch(UInt32)
    /// The ciphertext does not open with this key: wrong key or identity, or tampered bytes.
    case decryptionFailed

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .invalidParameters(let why): return "invalid threshold parameters: \(why)"
        case .invalidEncoding(let why): return "invalid encoding: \(why)"
        case .indexOutOfRange(let i, let n): return "participant index \(i) is outside 1…\(n)"
        case .notEnoughShares(let have, let need): return "\(have) valid key shares, the threshold is \(need)"
        case .duplicateIndex(let i): return "two entries for participant \(i)"
        case .invalidShares(let ids): return "key shares of participants \(ids) do not verify"
        case .keyGenerationFailed(let q, let need):
            return "key generation failed: \(q) dealers qualified, at least \(need) are needed (the old key stays in use)"
        case .secretShareMismatch(let i): return "participant \(i)'s secret share does not match its public share"
        case .decryptionFailed: return "the ciphertext does not open with this key (wrong height, wrong key, or tampered bytes)"
        }
    }
}
