import CBPIFp

/// F_p² products by the kernel chosen at load (`FpKernel`): the assembly routines of `CBPIFp`
/// (Karatsuba and the complex square with one reduction per output coordinate), or the same
/// formulas over F_p products. Both give the same bytes; `FpKernelTests` compares them.
extension Fp2 {
    /// a·b by `bpi_fp2_mul_mulx`, reading the operands where they lie.
    @inlinable @inline(__always)
    static func mulxProduct(_ a: Fp2, _ b: Fp2) -> Fp2 {
        KernelCall.binary(a, b, into: Fp2.zero, bpi_fp2_mul_mulx)
    }

    /// a² by `bpi_fp2_sqr_mulx`.
    @inlinable @inline(__always)
    static func mulxSquare(_ a: Fp2) -> Fp2 { KernelCall.unary(a, into: Fp2.zero, bpi_fp2_sqr_mulx) }

    /// a·b without the kernel, out of line.
    @usableFromInline @inline(never)
    static func portableProduct(_ a: Fp2, _ b: Fp2) -> Fp2 { karatsuba(a, b, Fp.product) }

    /// a² without the kernel, out of line.
    @usableFromInline @inline(never)
    static func portableSquare(_ a: Fp2) -> Fp2 { complexSquare(a, Fp.product) }

    /// Karatsuba over the F_p product `mul`: (a0b0 − a1b1, (a0 + a1)(b0 + b1) − a0b0 − a1b1).
    @inlinable @inline(__always)
    static func karatsuba(_ a: Fp2, _ b: Fp2, _ mul: (Fp, Fp) -> Fp) -> Fp2 {
        let t0 = mul(a.c0, b.c0)
        let t1 = mul(a.c1, b.c1)
        return Fp2(t0 - t1, mul(a.c0 + a.c1, b.c0 + b.c1) - t0 - t1)
    }

    /// The complex square over the F_p product `mul`: ((a0 + a1)(a0 − a1), 2·a0·a1).
    @inlinable @inline(__always)
    static func complexSquare(_ a: Fp2, _ mul: (Fp, Fp) -> Fp) -> Fp2 {
        Fp2(mul(a.c0 + a.c1, a.c0 - a.c1), mul(a.c0, a.c1).doubled)
    }
}
