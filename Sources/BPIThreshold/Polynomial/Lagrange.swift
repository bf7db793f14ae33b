import BPIBLS

/// Lagrange interpolation at 0 over distinct participant indices: with λ_j = Π_{m≠j} m / (m − j),
/// f(0) = Σ λ_j·f(j) for any polynomial of degree below the number of indices — in the exponent
/// too, which is how key shares combine (docs/SPEC.md §16.4).
public enum Lagrange {
    /// λ_j for each index, in the given order. Indices must be distinct and non-zero.
    public static func coefficientsAtZero(_ indices: [UInt32]) throws(ThresholdError) -> [Fr] {
        var seen = Set<UInt32>()
        for i in indices {
            guard i != 0 else { throw .indexOutOfRange(0, n: indices.count) }
            guard seen.insert(i).inserted else { throw .duplicateIndex(i) }
        }
        let xs = indices.map { Fr(UInt64($0)) }
        var out: [Fr] = []
        out.reserveCapacity(xs.count)
        for (j, xj) in xs.enumerated() {
            var numerator = Fr.one
            var denominator = Fr.one
            for (m, xm) in xs.enumerated() where m != j {
                numerator = numerator * xm
                denominator = denominator * (xm - xj)
            }
            // Distinct indices below r make every difference non-zero.
            out.append(numerator * denominator.inverse!)
        }
        return out
    }
}
