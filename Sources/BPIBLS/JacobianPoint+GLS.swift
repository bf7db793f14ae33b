extension JacobianPoint where Curve == G2Curve {
    /// [k]P for a secret k < r on G2 by the GLS endomorphism (Galbraith–Lin–Scott): on G2, φ = −ψ
    /// acts as multiplication by u = |x| (the curve parameter; ψ(P) = [x]P is the subgroup test),
    /// and r < u⁴, so k = k₀ + k₁u + k₂u² + k₃u³ with 64-bit digits kᵢ < u and
    /// [k]P = Σ [kᵢ]φⁱ(P). One 16-entry table of the sums of subsets of {P, φP, φ²P, φ³P}
    /// then serves every bit position of the four digits at once: 64 doublings and 64 additions
    /// instead of 256 doublings and 64 additions. Constant time as `multiplied(bySecret:)` is: the
    /// digits come from a division without data-dependent branches, every bit position doubles,
    /// scans the whole table and adds, and the sum is kept or dropped by a branch-free select.
    /// `k` must be below r (secret keys and shares are).
    public func multipliedGLS(bySecret k: [UInt64]) -> JacobianPoint {
        let digits = Self.baseUDigits(k)
        let phi1 = -G2Curve.psi(self)
        let phi2 = G2Curve.psi(G2Curve.psi(self))
        let phi3 = -G2Curve.psi(phi2)
        let bases = [self, phi1, phi2, phi3]
        // table[b] = Σ bases[i] for the bits i of b (table[0] is never used: the select drops it).
        var table = [JacobianPoint](repeating: self, count: 16)
        for b in 1..<16 {
            let top = (UInt(b).bitWidth - 1) - b.leadingZeroBitCount
            let rest = b & ~(1 << top)
            table[b] = rest == 0 ? bases[top] : table[rest] + bases[top]
        }
        var result = JacobianPoint.infinity
        for bit in stride(from: 63, through: 0, by: -1) {
            result = result.doubled
            var index = 0
            for i in 0..<4 { index |= Int(truncatingIfNeeded: (digits[i] >> UInt64(bit)) & 1) << i }
            var multiple = table[1]
            for b in 2..<16 { multiple = JacobianPoint.select(b == index, table[b], multiple) }
            let sum = result + multiple
            result = JacobianPoint.select(index != 0, sum, result)
        }
        return result
    }

    /// The four base-u digits of k < u⁴ (u = |x|), by restoring division with no branch on the data.
    static func baseUDigits(_ k: [UInt64]) -> [UInt64] {
        var n = k + [UInt64](repeating: 0, count: max(0, 4 - k.count))
        var digits: [UInt64] = []
        for _ in 0..<3 {
            let (q, r) = divided(n, by: Pairing.xAbs)
            digits.append(r)
            n = q
        }
        digits.append(n[0])
        return digits
    }

    /// (n div d, n mod d) for a 4-limb n and d ≥ 2^63, one bit at a time: the remainder is shifted,
    /// and d is subtracted under a mask when it fits.
    static func divided(_ n: [UInt64], by d: UInt64) -> (quotient: [UInt64], remainder: UInt64) {
        var quotient = [UInt64](repeating: 0, count: 4)
        var remainder: UInt64 = 0
        for i in stride(from: 255, through: 0, by: -1) {
            let carry = remainder >> 63
            remainder = (remainder << 1) | ((n[i >> 6] >> UInt64(i & 63)) & 1)
            let (difference, borrow) = remainder.subtractingReportingOverflow(d)
            // (carry, remainder) ≥ d when the shift carried out or the subtraction did not borrow.
            let fits = carry | (UInt64(borrow ? 1 : 0) ^ 1)
            let mask = 0 &- fits
            remainder = (difference & mask) | (remainder & ~mask)
            quotient[i >> 6] |= fits << UInt64(i & 63)
        }
        return (quotient, remainder)
    }
}
