extension JacobianPoint where Curve == G1Curve {
    /// [k]P for a secret k < r on G1 by the GLV endomorphism (Gallant–Lambert–Vanstone): on G1,
    /// φ(x, y) = (βx, y) acts as multiplication by −x² (the subgroup test), so φ' = −φ multiplies
    /// by u² (u = |x|) and r < u⁴: k = k₀ + k₁u² with 128-bit digits, [k]P = [k₀]P + [k₁]φ'(P).
    /// One table of a·P + b·φ'(P) (a, b < 4) serves two bits of each digit at once: 64 windows of
    /// two doublings and one addition instead of 64 windows of four doublings and one. Constant
    /// time as `multiplied(bySecret:)` is: the digits come from the base-u division without
    /// data-dependent branches, every window doubles twice, scans the whole table and adds, and the sum is kept or
    /// dropped by a branch-free select. `k` must be below r (secret keys and shares are).
    public func multipliedGLV(bySecret k: [UInt64]) -> JacobianPoint {
        let (k0, k1) = Limbs.baseUSquaredDigits(k)
        let q = -G1Point(x: x * G1Curve.beta, y: y, z: z)
        // table[a + 4b] = a·P + b·φ'(P) (table[0] is never used: the select drops it).
        var table = [JacobianPoint](repeating: self, count: 16)
        table[2] = doubled
        table[3] = table[2] + self
        table[4] = q
        table[8] = q.doubled
        table[12] = table[8] + q
        for b in 1..<4 {
            for a in 1..<4 { table[a + 4 * b] = table[a] + table[4 * b] }
        }
        var result = JacobianPoint.infinity
        for window in stride(from: 63, through: 0, by: -1) {
            let shift = UInt64(2 * (window & 31))
            let limb = window >> 5
            let index = Int(truncatingIfNeeded: (k0[limb] >> shift) & 3) | Int(truncatingIfNeeded: (k1[limb] >> shift) & 3) << 2
            result = result.doubled.doubled.addingSelected(from: table, index: index)
        }
        return result
    }
}
