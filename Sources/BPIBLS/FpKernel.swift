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
}

extension Fp {
    /// The Montgomery product with the kernel chosen at load.
    @inlinable @inline(__always)
    static func product(_ a: Fp, _ b: Fp) -> Fp {
        bpi_fp_mulx_enabled() != 0 ? mulxProduct(a, b) : montgomeryMultiply(a, b)
    }

    /// The Montgomery product by the assembly kernel.
    @inlinable @inline(__always)
    static func mulxProduct(_ a: Fp, _ b: Fp) -> Fp {
        var out = Fp(raw: (0, 0, 0, 0, 0, 0))
        var x = a
        var y = b
        withUnsafeMutableBytes(of: &out) { o in
            withUnsafeBytes(of: &x) { p in
                withUnsafeBytes(of: &y) { q in
                    bpi_fp_mul_mulx(
                        o.baseAddress!.assumingMemoryBound(to: UInt64.self), p.baseAddress!.assumingMemoryBound(to: UInt64.self),
                        q.baseAddress!.assumingMemoryBound(to: UInt64.self))
                }
            }
        }
        return out
    }
}
