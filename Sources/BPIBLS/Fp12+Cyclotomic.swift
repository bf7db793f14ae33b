import CBPIFp

extension Fp12 {
    /// self² for elements of the cyclotomic subgroup (norm 1 over F_p⁶, as after the easy part
    /// of the final exponentiation): Granger–Scott squaring through three F_p⁴ squarings,
    /// about half the cost of a general square. Wrong for other elements.
    @inlinable @inline(__always)
    public var cyclotomicSquared: Fp12 {
        bpi_fp_mulx_enabled() != 0 ? Fp12.mulxCyclotomicSquare(self) : Fp12.portableCyclotomicSquare(self)
    }

    /// The cyclotomic square by `bpi_fp12_cyclotomic_sqr_mulx` (the whole formula in one call).
    @inlinable @inline(__always)
    static func mulxCyclotomicSquare(_ a: Fp12) -> Fp12 {
        KernelCall.unary(a, into: Fp12(.zero, .zero), bpi_fp12_cyclotomic_sqr_mulx)
    }

    /// The cyclotomic square from F_p⁴ squares in Swift, out of line.
    @usableFromInline @inline(never)
    static func portableCyclotomicSquare(_ a: Fp12) -> Fp12 { a.grangerScottSquare(Fp12.fp4Square) }

    /// The Granger–Scott formula over the F_p⁴ square `fp4Square`.
    @inlinable
    func grangerScottSquare(_ fp4Square: (Fp2, Fp2) -> (Fp2, Fp2)) -> Fp12 {
        var z0 = c0.c0
        var z4 = c0.c1
        var z3 = c0.c2
        var z2 = c1.c0
        var z1 = c1.c1
        var z5 = c1.c2
        var (t0, t1) = fp4Square(z0, z1)
        z0 = t0 - z0
        z0 = z0.doubled + t0
        z1 = t1 + z1
        z1 = z1.doubled + t1
        (t0, t1) = fp4Square(z2, z3)
        let (t2, t3) = fp4Square(z4, z5)
        z4 = t0 - z4
        z4 = z4.doubled + t0
        z5 = t1 + z5
        z5 = z5.doubled + t1
        let t3xi = t3.timesXi
        z2 = t3xi + z2
        z2 = z2.doubled + t3xi
        z3 = t2 - z3
        z3 = z3.doubled + t2
        return Fp12(Fp6(z0, z4, z3), Fp6(z2, z1, z5))
    }

    /// (a + b·s)² in F_p⁴ = F_p²[s]/(s² − ξ), as (c0, c1): by the assembly kernel (seven products,
    /// four reductions) where it runs, else from three F_p² squares.
    @inlinable @inline(__always)
    static func fp4Square(_ a: Fp2, _ b: Fp2) -> (Fp2, Fp2) {
        bpi_fp_mulx_enabled() != 0 ? mulxFp4Square(a, b) : portableFp4Square(a, b)
    }

    /// The F_p⁴ square by `bpi_fp4_sqr_mulx`.
    @inlinable @inline(__always)
    static func mulxFp4Square(_ a: Fp2, _ b: Fp2) -> (Fp2, Fp2) {
        KernelCall.binary(a, b, into: (Fp2.zero, Fp2.zero), bpi_fp4_sqr_mulx)
    }

    /// The F_p⁴ square from F_p² squares, out of line.
    @usableFromInline @inline(never)
    static func portableFp4Square(_ a: Fp2, _ b: Fp2) -> (Fp2, Fp2) { fp4Square(a, b, by: \.squared) }

    /// (a + b·s)² from three F_p² squares by `square`: (a² + ξ·b², (a + b)² − a² − b²).
    @inlinable
    static func fp4Square(_ a: Fp2, _ b: Fp2, by square: (Fp2) -> Fp2) -> (Fp2, Fp2) {
        let t0 = square(a)
        let t1 = square(b)
        return (t1.timesXi + t0, square(a + b) - t0 - t1)
    }
}
