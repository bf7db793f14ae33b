import CBPIFp

/// F_p⁶ = F_p²[v] / (v³ - ξ).
@frozen
public struct Fp6: Equatable, Sendable {
    /// The coefficients of 1, v, v².
    public var c0, c1, c2: Fp2

    /// c0 + c1·v + c2·v².
    @inlinable public init(_ c0: Fp2, _ c1: Fp2, _ c2: Fp2) {
        self.c0 = c0
        self.c1 = c1
        self.c2 = c2
    }

    public static let zero = Fp6(.zero, .zero, .zero)
    public static let one = Fp6(.one, .zero, .zero)

    @inlinable public static func + (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
    @inlinable public static func - (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
    @inlinable public static prefix func - (a: Fp6) -> Fp6 { Fp6(-a.c0, -a.c1, -a.c2) }

    @inlinable @inline(__always) public static func * (a: Fp6, b: Fp6) -> Fp6 {
        bpi_fp_mulx_enabled() != 0 ? mulxProduct(a, b) : portableProduct(a, b)
    }

    /// self · (b0 + b1·v): a sparse product used by line evaluations.
    @inlinable func multiplied(by b0: Fp2, _ b1: Fp2) -> Fp6 {
        let t0 = c0 * b0
        let t1 = c1 * b1
        let r0 = ((c1 + c2) * b1 - t1).timesXi + t0
        let r1 = (c0 + c1) * (b0 + b1) - t0 - t1
        let r2 = (c0 + c2) * b0 - t0 + t1
        return Fp6(r0, r1, r2)
    }

    /// self · (b1·v).
    @inlinable func multiplied(byV b1: Fp2) -> Fp6 {
        Fp6((c2 * b1).timesXi, c0 * b1, c1 * b1)
    }

    @inlinable public var squared: Fp6 { self * self }
    @inlinable public var isZero: Bool { c0.isZero && c1.isZero && c2.isZero }
    /// self · v = (ξ·c2, c0, c1).
    @inlinable public var timesV: Fp6 { Fp6(c2.timesXi, c0, c1) }

    public var inverse: Fp6 {
        let t0 = c0.squared - (c1 * c2).timesXi
        let t1 = c2.squared.timesXi - c0 * c1
        let t2 = c1.squared - c0 * c2
        let inv = (c0 * t0 + (c2 * t1 + c1 * t2).timesXi).inverse
        return Fp6(t0 * inv, t1 * inv, t2 * inv)
    }

    /// x ↦ x^p.
    var frobenius: Fp6 {
        Fp6(c0.conjugate, c1.conjugate * Fp6.frobeniusV1, c2.conjugate * Fp6.frobeniusV2)
    }

    /// ξ^((p-1)/3) and ξ^(2(p-1)/3), computed once.
    static let frobeniusV1 = Fp2.xi.power(limbs: Limbs.pMinus1Over(3))
    static let frobeniusV2 = frobeniusV1.squared
}
