extension JacobianPoint where Curve == G1Curve {
    /// [k]P for a secret k < r on G1 by the GLV endomorphism (Gallant–Lambert–Vanstone): on G1,
    /// φ(x, y) = (βx, y) acts as multiplication by −x² (the subgroup test), so φ' = −φ multiplies
    /// by u² (u = |x|) and r < u⁴: k = k₀ + k₁u² with 128-bit digits, [k]P = [k₀]P + [k₁]φ'(P).
    /// One table of a·P + b·φ'(P) (a, b < 4) serves two bits of each digit at once: 64 windows of
    /// two doublings and one addition instead of 64 windows of four doublings and one. Constant
    /// time as `multiplied(bySecret:)` is: the digits come from a division without data-dependent
    /// branches, every window doubles twice, scans the whole table and adds, and the sum is kept or
    /// dropped by a branch-free select. `k` must be below r (secret keys and shares are).
    public func multipliedGLV(bySecret k: [UInt64]) -> JacobianPoint {
        let (k0, k1) = Self.baseUSquaredDigits(k)
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
            result = result.doubled.doubled
            let shift = UInt64(2 * (window & 31))
            let limb = window >> 5
            let index = Int(truncatingIfNeeded: (k0[limb] >> shift) & 3) | Int(truncatingIfNeeded: (k1[limb] >> shift) & 3) << 2
            var multiple = table[1]
            for b in 2..<16 { multiple = JacobianPoint.select(b == index, table[b], multiple) }
            let sum = result + multiple
            result = JacobianPoint.select(index != 0, sum, result)
        }
        return result
    }

    /// The two base-u² digits of k < u⁴ (two limbs each), by restoring division with no branch on the data.
    static func baseUSquaredDigits(_ k: [UInt64]) -> (low: [UInt64], high: [UInt64]) {
        let n = k + [UInt64](repeating: 0, count: max(0, 4 - k.count))
        let d = Pairing.xAbs.multipliedFullWidth(by: Pairing.xAbs)  // u² ≥ 2^127
        var quotient = [UInt64](repeating: 0, count: 4)
        var r0: UInt64 = 0
        var r1: UInt64 = 0
        for i in stride(from: 255, through: 0, by: -1) {
            let carry = r1 >> 63
            r1 = (r1 << 1) | (r0 >> 63)
            r0 = (r0 << 1) | ((n[i >> 6] >> UInt64(i & 63)) & 1)
            let (s0, b0) = r0.subtractingReportingOverflow(d.low)
            let (t1, b1) = r1.subtractingReportingOverflow(d.high)
            let (s1, b2) = t1.subtractingReportingOverflow(UInt64(b0 ? 1 : 0))
            // (carry, r1, r0) ≥ u² when the shift carried out or the subtraction did not borrow.
            let fits = carry | (UInt64((b1 || b2) ? 1 : 0) ^ 1)
            let mask = 0 &- fits
            r0 = (s0 & mask) | (r0 & ~mask)
            r1 = (s1 & mask) | (r1 & ~mask)
            quotient[i >> 6] |= fits << UInt64(i & 63)
        }
        return ([r0, r1], [quotient[0], quotient[1]])
    }
}
