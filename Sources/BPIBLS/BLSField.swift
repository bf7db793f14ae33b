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
    /// self^e for a public exponent given as little-endian 64-bit limbs.
    public func power(limbs e: [UInt64]) -> Self {
        var result = Self.one
        for limb in e.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.squared
                if (limb >> UInt64(bit)) & 1 == 1 { result = result * self }
            }
        }
        return result
    }
}

/// Multi-limb integer helpers for public exponents derived from p.
enum Limbs {
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
