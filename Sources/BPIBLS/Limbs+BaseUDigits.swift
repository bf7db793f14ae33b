extension Limbs {
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

    /// The two base-u² digits of k < u⁴ (two limbs each), from its base-u digits: dᵢ < u, so
    /// d₀ + d₁u ≤ u² − 1 fits in 128 bits and needs no carry past them.
    static func baseUSquaredDigits(_ k: [UInt64]) -> (low: [UInt64], high: [UInt64]) {
        let d = baseUDigits(k)
        func combine(_ low: UInt64, _ high: UInt64) -> [UInt64] {
            let product = high.multipliedFullWidth(by: Pairing.xAbs)
            let (sum, carry) = product.low.addingReportingOverflow(low)
            return [sum, product.high &+ (carry ? 1 : 0)]
        }
        return (combine(d[0], d[1]), combine(d[2], d[3]))
    }
}
