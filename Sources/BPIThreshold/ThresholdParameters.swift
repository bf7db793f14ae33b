/// The shape of one threshold committee: n participants indexed 1…n, any `threshold` of which
/// together reveal a decryption key while fewer learn nothing (docs/SPEC.md §16.1). The session
/// bytes bind every message of one key generation to one chain, epoch and validator set, so a
/// dealing cannot be replayed into another.
public struct ThresholdParameters: Sendable, Equatable {
    /// Number of participants (1…1024).
    public let n: Int
    /// Shares needed to reveal (1…n); the secret-sharing polynomials have degree threshold − 1.
    public let threshold: Int
    /// The key generation's session id (32 bytes, computed by the caller from the chain, epoch and set).
    public let session: [UInt8]

    /// The largest committee supported.
    public static let maxParticipants = 1024

    /// Checks and creates the parameters.
    public init(n: Int, threshold: Int, session: [UInt8]) throws(ThresholdError) {
        guard (1...Self.maxParticipants).contains(n) else {
            throw .invalidParameters("committee size \(n) is outside 1…\(Self.maxParticipants)")
        }
        guard (1...n).contains(threshold) else { throw .invalidParameters("threshold \(threshold) is outside 1…\(n)") }
        guard session.count == 32 else { throw .invalidParameters("the session id must be 32 bytes, got \(session.count)") }
        self.n = n
        self.threshold = threshold
        self.session = session
    }

    /// The threshold for a BFT committee of n tolerating f = ⌊(n − 1) / 3⌋ faults: f + 1. Fewer than
    /// f + 1 shares come only from faulty validators, so they learn nothing before an honest one
    /// reveals — and honest validators reveal only after finality; any f + 1 of the ≥ 2f + 1 honest
    /// ones suffice, so f crashed honest validators cannot stall decryption (SPEC §16.1).
    public static func bftThreshold(n: Int) -> Int { (n - 1) / 3 + 1 }

    /// Throws unless 1 ≤ index ≤ n.
    public func check(index: UInt32) throws(ThresholdError) {
        guard index >= 1, Int(index) <= n else { throw .indexOutOfRange(index, n: n) }
    }
}
