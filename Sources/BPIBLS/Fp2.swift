import CBPIFp

/// F_p² = F_p[u] / (u² + 1): G2 coordinates and the base of the pairing's tower.
@frozen
public struct Fp2: BLSField, Hashable {
    /// The coefficients of 1 and u.
    public var c0, c1: Fp

    /// c0 + c1·u.
    @inlinable public init(_ c0: Fp, _ c1: Fp) {
        self.c0 = c0
        self.c1 = c1
    }

    public static let zero = Fp2(.zero, .zero)
    public static let one = Fp2(.one, .zero)
    /// ξ = 1 + u, the non-residue defining F_p⁶ and the twist.
    public static let xi = Fp2(.one, .one)

    @inlinable @inline(__always) public static func + (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 + b.c0, a.c1 + b.c1) }
    @inlinable @inline(__always) public static func - (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 - b.c0, a.c1 - b.c1) }
    @inlinable public static prefix func - (a: Fp2) -> Fp2 { Fp2(-a.c0, -a.c1) }

    /// Karatsuba: three base-field products, reduced lazily by the assembly kernel where it runs
    /// (`Fp2+Kernel.swift`).
    @inlinable @inline(__always) public static func * (a: Fp2, b: Fp2) -> Fp2 {
        bpi_fp_mulx_enabled() != 0 ? mulxProduct(a, b) : portableProduct(a, b)
    }

    /// An F_p multiple.
    @inlinable public func scaled(by k: Fp) -> Fp2 { Fp2(c0 * k, c1 * k) }

    /// The complex square ((c0 + c1)(c0 − c1), 2·c0·c1): two base-field products.
    @inlinable @inline(__always) public var squared: Fp2 {
        bpi_fp_mulx_enabled() != 0 ? Fp2.mulxSquare(self) : Fp2.portableSquare(self)
    }

    @inlinable @inline(__always) public var doubled: Fp2 { Fp2(c0.doubled, c1.doubled) }
    @inlinable public var isZero: Bool { c0.isZero && c1.isZero }
    /// c0 - c1·u, which is also the Frobenius map x ↦ x^p.
    @inlinable public var conjugate: Fp2 { Fp2(c0, -c1) }
    /// self · ξ = (c0 - c1) + (c0 + c1)·u.
    @inlinable @inline(__always) public var timesXi: Fp2 { Fp2(c0 - c1, c0 + c1) }

    public var inverse: Fp2 {
        let t = (c0.squared + c1.squared).inverse
        return Fp2(c0 * t, -(c1 * t))
    }

    /// The norm c0² + c1² (in F_p).
    var norm: Fp { c0.squared + c1.squared }

    /// A square root, or nil (p ≡ 3 mod 4; Adj–Rodríguez-Henríquez, Algorithm 9).
    public var sqrt: Fp2? {
        if isZero { return .zero }
        let a1 = power(limbs: Fp2.pMinus3Over4)
        let alpha = a1.squared * self
        let x0 = a1 * self
        let candidate: Fp2
        if alpha == -Fp2.one {
            candidate = Fp2(-x0.c1, x0.c0)  // u · x0
        } else {
            candidate = (alpha + .one).power(limbs: Fp2.pMinus1Over2) * x0
        }
        return candidate.squared == self ? candidate : nil
    }

    static let pMinus3Over4 = Fp.pMinus3Over4
    static let pMinus1Over2 = Fp.pMinus1Over2

    /// RFC 9380 sgn0 for F_p².
    public var sgn0: Bool { c0.sgn0 || (c0.isZero && c1.sgn0) }

    /// ZCash ordering: compare c1 first, then c0, against (p-1)/2.
    public var isLexicographicallyLargest: Bool {
        c1.isZero ? c0.isLexicographicallyLargest : c1.isLexicographicallyLargest
    }
}
