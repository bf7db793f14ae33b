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
        let digits = Limbs.baseUDigits(k)
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
            var index = 0
            for i in 0..<4 { index |= Int(truncatingIfNeeded: (digits[i] >> UInt64(bit)) & 1) << i }
            result = result.doubled.addingSelected(from: table, index: index)
        }
        return result
    }
}
