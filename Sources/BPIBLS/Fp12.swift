/// F_p¹² = F_p⁶[w] / (w² - v): the target group of the pairing lives here.
@frozen
public struct Fp12: Equatable, Sendable {
    /// The coefficients of 1 and w.
    public var c0, c1: Fp6

    /// c0 + c1·w.
    @inlinable public init(_ c0: Fp6, _ c1: Fp6) {
        self.c0 = c0
        self.c1 = c1
    }

    public static let one = Fp12(.one, .zero)

    @inlinable public static func * (a: Fp12, b: Fp12) -> Fp12 {
        let t0 = a.c0 * b.c0
        let t1 = a.c1 * b.c1
        return Fp12(t0 + t1.timesV, (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1)
    }

    @inlinable public var squared: Fp12 {
        let ab = c0 * c1
        let c0new = (c0 + c1) * (c0 + c1.timesV) - ab - ab.timesV
        return Fp12(c0new, ab + ab)
    }

    /// c0 - c1·w: x^(p⁶), which is the inverse on the cyclotomic subgroup (pairing values).
    @inlinable public var conjugate: Fp12 { Fp12(c0, -c1) }

    public var inverse: Fp12 {
        let t = (c0.squared - c1.squared.timesV).inverse
        return Fp12(c0 * t, -(c1 * t))
    }

    /// self · (a + b·v + c·v·w) with a, b, c in F_p²: multiplication by a line value (sparse).
    @inlinable func multiplied(byLine a: Fp2, _ b: Fp2, _ c: Fp2) -> Fp12 {
        let aa = c0.multiplied(by: a, b)
        let bb = c1.multiplied(byV: c)
        let e = (c0 + c1).multiplied(by: a, b + c)
        return Fp12(bb.timesV + aa, e - aa - bb)
    }

    /// x ↦ x^p.
    public var frobenius: Fp12 {
        let a = c0.frobenius
        let b = c1.frobenius
        let g = Fp12.frobeniusW
        return Fp12(a, Fp6(b.c0 * g, b.c1 * g, b.c2 * g))
    }

    /// ξ^((p-1)/6), computed once.
    static let frobeniusW = Fp2.xi.power(limbs: Limbs.pMinus1Over(6))

    /// Whether this is one.
    public var isOne: Bool { self == .one }
}
