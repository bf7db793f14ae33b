/// Integers modulo the group order r, as 4 little-endian limbs (only what keys and batching need).
enum Scalar {
    /// Whether a < b (4 limbs each).
    static func isLess(_ a: [UInt64], _ b: [UInt64]) -> Bool {
        for i in stride(from: 3, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] }
        return false
    }

    /// A big-endian byte string reduced modulo r (bitwise long reduction; keys only, not secret-timing-critical
    /// beyond the fixed bit count it always processes).
    static func reduce(bigEndian bytes: [UInt8]) -> [UInt64] {
        var acc: [UInt64] = [0, 0, 0, 0]
        let r = GroupOrder.limbs
        for byte in bytes {
            for bit in stride(from: 7, through: 0, by: -1) {
                // acc = 2·acc + bit; acc < r < 2^255, so 2·acc + 1 < 2^256 fits in four limbs.
                var carry = UInt64((byte >> UInt8(bit)) & 1)
                for i in 0..<4 {
                    let next = acc[i] >> 63
                    acc[i] = acc[i] << 1 | carry
                    carry = next
                }
                // Subtract r when acc ≥ r (branch-free select).
                let (diff, borrow) = Limbs.subtractLimbs(acc, r)
                let keep = 0 &- borrow  // all ones when acc < r
                for i in 0..<4 { acc[i] = (acc[i] & keep) | (diff[i] & ~keep) }
            }
        }
        return acc
    }

    /// (a + b) mod r for a, b < r.
    static func addModR(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var sum: [UInt64] = [0, 0, 0, 0]
        var carry: UInt64 = 0
        for i in 0..<4 {
            let (s0, o0) = a[i].addingReportingOverflow(b[i])
            let (s1, o1) = s0.addingReportingOverflow(carry)
            sum[i] = s1
            carry = (o0 ? 1 : 0) | (o1 ? 1 : 0)
        }
        // a + b < 2r < 2^256, so no carry out; subtract r once if sum ≥ r.
        return isLess(sum, GroupOrder.limbs) ? sum : Limbs.subtractLimbs(sum, GroupOrder.limbs).difference
    }

    /// Big-endian 32 bytes of a 4-limb value.
    static func bigEndian(_ limbs: [UInt64]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<4 {
            for k in 0..<8 { out[(3 - i) * 8 + k] = UInt8(truncatingIfNeeded: limbs[i] >> UInt64(56 - 8 * k)) }
        }
        return out
    }

    /// Limbs of 32 big-endian bytes.
    static func limbs(bigEndian b: [UInt8]) -> [UInt64] {
        (0..<4).map { i in (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(b[(3 - i) * 8 + $1]) } }
    }
}
