import BPITypes

/// Quorum arithmetic: more than two thirds of the voting power, computed without rounding.
public enum Quorum {
    /// Whether `signed` is more than 2/3 of `total` (3·signed > 2·total; totals are below 2^62).
    public static func isSuperMajority(signed: UInt64, total: UInt64) -> Bool { 3 * signed > 2 * total }

    /// More than a third of the power: at least one honest validator among them when at most a
    /// third is faulty (QBFT's f+1 rule for joining a later round).
    public static func exceedsOneThird(signed: UInt64, total: UInt64) -> Bool { 3 * signed > total }

    /// The voting power of `indices` in `set`.
    public static func power(of indices: [Int], in set: ValidatorSet) -> UInt64 {
        indices.reduce(0) { $0 + set.validators[$1].votingPower }
    }
}
