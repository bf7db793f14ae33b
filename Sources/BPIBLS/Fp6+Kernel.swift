import CBPIFp

/// F_p⁶ products by the kernel chosen at load (`FpKernel`): `bpi_fp6_mul_mulx` (six F_p² products,
/// each reduced once per coordinate, and the sums between them, in one call), or Karatsuba over
/// F_p² products. Both give the same bytes; `FpKernelTests` compares them.
extension Fp6 {
    /// a·b by `bpi_fp6_mul_mulx`, reading the operands where they lie.
    @inlinable @inline(__always)
    static func mulxProduct(_ a: Fp6, _ b: Fp6) -> Fp6 {
        KernelCall.binary(a, b, into: Fp6.zero, bpi_fp6_mul_mulx)
    }

    /// a·b without the kernel, out of line.
    @usableFromInline @inline(never)
    static func portableProduct(_ a: Fp6, _ b: Fp6) -> Fp6 { karatsuba(a, b, *) }

    /// Karatsuba over the F_p² product `mul` (Devegili, Ó hÉigeartaigh, Scott, Dahab 2006).
    @inlinable @inline(__always)
    static func karatsuba(_ a: Fp6, _ b: Fp6, _ mul: (Fp2, Fp2) -> Fp2) -> Fp6 {
        let t0 = mul(a.c0, b.c0)
        let t1 = mul(a.c1, b.c1)
        let t2 = mul(a.c2, b.c2)
        let c0 = (mul(a.c1 + a.c2, b.c1 + b.c2) - t1 - t2).timesXi + t0
        let c1 = mul(a.c0 + a.c1, b.c0 + b.c1) - t0 - t1 + t2.timesXi
        let c2 = mul(a.c0 + a.c2, b.c0 + b.c2) - t0 - t2 + t1
        return Fp6(c0, c1, c2)
    }
}
