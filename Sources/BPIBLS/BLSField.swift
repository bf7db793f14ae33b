/// The operations curve and tower code need from a field (F_p or F_p²), so point arithmetic is
/// written once for G1 and G2.
public protocol BLSField: Equatable, Sendable {
    /// Additive identity.
    static var zero: Self { get }
    /// Multiplicative identity.
    static var one: Self { get }
    /// Sum.
    static func + (a: Self, b: Self) -> Self
    /// Difference.
    static func - (a: Self, b: Self) -> Self
    /// Product.
    static func * (a: Self, b: Self) -> Self
    /// Negation.
    static prefix func - (a: Self) -> Self
    /// self².
    var squared: Self { get }
    /// self^(2^n): n squarings in a row (the runs of an exponentiation).
    func squared(times n: Int) -> Self
    /// 2·self.
    var doubled: Self { get }
    /// 1/self (0 for 0).
    var inverse: Self { get }
    /// Whether this is zero.
    var isZero: Bool { get }
    /// A square root, or nil.
    var sqrt: Self? { get }
}

extension Fp: BLSField {}

extension BLSField {
    /// self^(2^n) by n squarings.
    @inlinable
    public func squared(times n: Int) -> Self { squaredInTurn(times: n) }

    /// self^(2^n), one `squared` after another: the default, and F_p's without the kernel.
    @inlinable
    func squaredInTurn(times n: Int) -> Self {
        var x = self
        for _ in 0..<n { x = x.squared }
        return x
    }

    /// self^e for a public exponent given as little-endian 64-bit limbs: sliding windows of up to
    /// 5 bits over the odd powers self¹ … self³¹, so about one multiplication per 6 bits instead of
    /// one per set bit (p − 2, (p − 3)/4 and (p + 1)/4 have 228–229 set bits of 379–381: about 455
    /// products instead of 610). Which products run depends on e only, never on self.
    public func power(limbs e: [UInt64]) -> Self {
        func bit(_ i: Int) -> Bool { (e[i >> 6] >> UInt64(i & 63)) & 1 == 1 }
        var i = Limbs.bitLength(e) - 1
        guard i >= 0 else { return .one }
        let square = self.squared
        var odd = [self]
        odd.reserveCapacity(16)
        for k in 1..<16 { odd.append(odd[k - 1] * square) }
        var result = Self.one
        var started = false
        while i >= 0 {
            guard bit(i) else {
                // A run of zero bits: one call for all its squarings.
                var zeros = 1
                while i - zeros >= 0 && !bit(i - zeros) { zeros += 1 }
                result = result.squared(times: zeros)
                i -= zeros
                continue
            }
            // The window: bits i down to j, at most 5, ending on a set bit.
            var j = Swift.max(i - 4, 0)
            while !bit(j) { j += 1 }
            var window = 0
            for k in stride(from: i, through: j, by: -1) { window = window << 1 | (bit(k) ? 1 : 0) }
            if started {
                result = result.squared(times: i - j + 1) * odd[window >> 1]
            } else {
                result = odd[window >> 1]
                started = true
            }
            i = j - 1
        }
        return result
    }
}

/// Multi-limb integer helpers for public exponents derived from p.
enum Limbs {
    /// The bit length of a value given as little-endian limbs (0 for zero).
    static func bitLength(_ k: [UInt64]) -> Int {
        guard let top = k.lastIndex(where: { $0 != 0 }) else { return 0 }
        return top * 64 + 64 - k[top].leadingZeroBitCount
    }

    /// `value / divisor` for a small divisor, little-endian limbs.
    static func divide(_ value: [UInt64], by divisor: UInt64) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: value.count)
        var remainder: UInt64 = 0
        for i in stride(from: value.count - 1, through: 0, by: -1) {
            let (q, r) = divisor.dividingFullWidth((remainder, value[i]))
            out[i] = q
            remainder = r
        }
        return out
    }

    /// `value - small`, little-endian limbs (no underflow expected).
    static func subtract(_ value: [UInt64], _ small: UInt64) -> [UInt64] {
        subtractLimbs(value, [small] + [UInt64](repeating: 0, count: value.count - 1)).difference
    }

    /// `value + small`, little-endian limbs.
    static func add(_ value: [UInt64], _ small: UInt64) -> [UInt64] {
        var out = value + [0]
        var carry = small
        for i in out.indices where carry > 0 {
            let (s, o) = out[i].addingReportingOverflow(carry)
            out[i] = s
            carry = o ? 1 : 0
        }
        return out
    }

    /// `a - b` for equal-length limbs, with the final borrow (1 when a < b).
    static func subtractLimbs(_ a: [UInt64], _ b: [UInt64]) -> (difference: [UInt64], borrow: UInt64) {
        var out = a
        var borrow: UInt64 = 0
        for i in a.indices {
            let (d0, o0) = a[i].subtractingReportingOverflow(b[i])
            let (d1, o1) = d0.subtractingReportingOverflow(borrow)
            out[i] = d1
            borrow = (o0 ? 1 : 0) | (o1 ? 1 : 0)
        }
        return (out, borrow)
    }

    /// `a · b` for multi-limb a and b.
    static func multiply(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: a.count + b.count)
        for i in a.indices {
            var carry: UInt128 = 0
            for j in b.indices {
                let s = UInt128(a[i]) * UInt128(b[j]) + UInt128(out[i + j]) + carry
                out[i + j] = UInt64(truncatingIfNeeded: s)
                carry = s >> 64
            }
            out[i + b.count] = UInt64(truncatingIfNeeded: carry)
        }
        return out
    }

    /// (p − 1) / d for a divisor d of p − 1 (the exponents of Frobenius constants and Euler's criterion).
    static func pMinus1Over(_ d: UInt64) -> [UInt64] { divide(subtract(p, 1), by: d) }

    /// The modulus p as limbs.
    static let p: [UInt64] = [Fp.modulus.l0, Fp.modulus.l1, Fp.modulus.l2, Fp.modulus.l3, Fp.modulus.l4, Fp.modulus.l5]
}
