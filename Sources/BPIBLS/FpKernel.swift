import CBPIFp

/// Which routine computes F_p products (docs/SPEC.md §6): the MULX/ADCX/ADOX assembly kernel
/// (`CBPIFp`, x86-64 with BMI2 and ADX: a chained product in 35–39 ns timed from C on this
/// project's machine; inside the towers, where the inlined Swift overlaps with the code around it,
/// the gain is smaller) where the CPU has it, else the portable Swift routine. Both are the same CIOS Montgomery product, branch-free, and give the
/// same bytes; the choice is made once at load, and `BPI_FP_KERNEL=portable` forces the portable one
/// (to test or benchmark it on a machine that has the kernel).
public enum FpKernel: String, Sendable, CaseIterable {
    case portable
    case mulx

    /// The routine in use.
    public static var active: FpKernel { bpi_fp_mulx_enabled() != 0 ? .mulx : .portable }

    /// Whether this CPU can run `kernel`.
    public static func isAvailable(_ kernel: FpKernel) -> Bool { kernel == .portable || bpi_fp_has_mulx() != 0 }

    /// a·b with `kernel` (for cross-checks and benchmarks; `*` uses `active`). `kernel` must be available.
    public static func multiply(_ a: Fp, _ b: Fp, with kernel: FpKernel) -> Fp {
        precondition(isAvailable(kernel), "the \(kernel) F_p kernel does not run on this CPU")
        return kernel == .mulx ? Fp.mulxProduct(a, b) : Fp.montgomeryMultiply(a, b)
    }

    /// a·b in F_p² with `kernel`: the assembly product with lazy reduction, or Karatsuba over the
    /// portable F_p product. `kernel` must be available.
    public static func multiply(_ a: Fp2, _ b: Fp2, with kernel: FpKernel) -> Fp2 {
        precondition(isAvailable(kernel), "the \(kernel) F_p kernel does not run on this CPU")
        return kernel == .mulx ? Fp2.mulxProduct(a, b) : Fp2.karatsuba(a, b, Fp.montgomeryMultiply)
    }

    /// a² in F_p² with `kernel`. `kernel` must be available.
    public static func square(_ a: Fp2, with kernel: FpKernel) -> Fp2 {
        precondition(isAvailable(kernel), "the \(kernel) F_p kernel does not run on this CPU")
        return kernel == .mulx ? Fp2.mulxSquare(a) : Fp2.complexSquare(a, Fp.montgomeryMultiply)
    }

    /// a·b in F_p⁶ with `kernel`: the assembly product, or Karatsuba over the portable F_p² product.
    /// `kernel` must be available.
    public static func multiply(_ a: Fp6, _ b: Fp6, with kernel: FpKernel) -> Fp6 {
        precondition(isAvailable(kernel), "the \(kernel) F_p kernel does not run on this CPU")
        return kernel == .mulx ? Fp6.mulxProduct(a, b) : Fp6.karatsuba(a, b) { multiply($0, $1, with: .portable) }
    }

    /// The cyclotomic square of `a` (Granger–Scott; the square only on the cyclotomic subgroup)
    /// with `kernel`: the assembly formula, or the formula over the portable F_p⁴ squares.
    /// `kernel` must be available.
    public static func cyclotomicSquare(_ a: Fp12, with kernel: FpKernel) -> Fp12 {
        precondition(isAvailable(kernel), "the \(kernel) F_p kernel does not run on this CPU")
        return kernel == .mulx ? Fp12.mulxCyclotomicSquare(a) : a.grangerScottSquare { fp4Square($0, $1, with: .portable) }
    }

    /// (a + b·s)² in F_p⁴ = F_p²[s]/(s² − ξ), as (c0, c1), with `kernel`: the assembly square, or
    /// three F_p² squares over the portable F_p product. `kernel` must be available.
    public static func fp4Square(_ a: Fp2, _ b: Fp2, with kernel: FpKernel) -> (Fp2, Fp2) {
        precondition(isAvailable(kernel), "the \(kernel) F_p kernel does not run on this CPU")
        if kernel == .mulx { return Fp12.mulxFp4Square(a, b) }
        return Fp12.fp4Square(a, b) { square($0, with: .portable) }
    }
}

extension Fp {
    /// The Montgomery product with the kernel chosen at load. The assembly call is inlined (a few
    /// instructions); the portable routine stays out of line, so callers do not carry both.
    @inlinable @inline(__always)
    static func product(_ a: Fp, _ b: Fp) -> Fp {
        bpi_fp_mulx_enabled() != 0 ? mulxProduct(a, b) : portableProduct(a, b)
    }

    /// self^(2^n): by `bpi_fp_sqr_n_mulx` (the squarings chained in C, no Swift step between them)
    /// where the kernel runs.
    @inlinable
    public func squared(times n: Int) -> Fp {
        guard bpi_fp_mulx_enabled() != 0 else { return squaredInTurn(times: n) }
        return KernelCall.inPlace(self) { bpi_fp_sqr_n_mulx($0, Int32(clamping: n)) }
    }

    /// The portable Montgomery product, out of line.
    @usableFromInline @inline(never)
    static func portableProduct(_ a: Fp, _ b: Fp) -> Fp { montgomeryMultiply(a, b) }

    /// The Montgomery product by the assembly kernel: it reads the operands where they lie and
    /// writes the result in place (no staging copies).
    @inlinable @inline(__always)
    static func mulxProduct(_ a: Fp, _ b: Fp) -> Fp {
        KernelCall.binary(a, b, into: Fp.zero, bpi_fp_mul_mulx)
    }
}
