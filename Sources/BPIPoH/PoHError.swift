/// Why a tick list does not replay (docs/SPEC.md §11); `index` is the first record at fault.
public enum PoHError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The first record does not start at the seed's chain start.
    case badStart
    /// Record `index` does not start where the previous one ended.
    case broken(index: Int)
    /// Record `index` has a step count its kind does not allow (a clock tick is exactly
    /// `hashesPerTick` steps; an event record fewer).
    case badCount(index: Int, hashes: UInt64)
    /// Replaying record `index` does not give its `end`.
    case wrongEnd(index: Int)
    /// The list asks for more sequential hashes than the verifier accepts (a bound against work).
    case tooLong(hashes: UInt64, limit: UInt64)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .badStart: return "the first tick does not start from the seed's chain start"
        case .broken(let i): return "tick \(i) does not start where tick \(i - 1) ended"
        case .badCount(let i, let h): return "tick \(i) has \(h) hashes, which its kind does not allow"
        case .wrongEnd(let i): return "tick \(i) does not replay to its recorded end"
        case .tooLong(let h, let limit): return "the tick list needs \(h) sequential hashes, more than the limit \(limit)"
        }
    }
}
