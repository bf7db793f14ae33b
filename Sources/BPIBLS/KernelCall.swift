/// How Swift calls the assembly kernels of `CBPIFp`: the operands are read where they lie and the
/// result is written in place (no staging copies), each seen as the little-endian 64-bit limbs of
/// its frozen layout — `Fp` is six limbs; `Fp2`, `Fp6`, `Fp12` and Jacobian points are rows of
/// them, in declaration order.
@usableFromInline
enum KernelCall {
    /// `kernel(out, a, b)` with `out` starting as `initial`.
    @inlinable @inline(__always)
    static func binary<A, B, Out>(
        _ a: A, _ b: B, into initial: Out,
        _ kernel: (UnsafeMutablePointer<UInt64>, UnsafePointer<UInt64>, UnsafePointer<UInt64>) -> Void
    ) -> Out {
        var out = initial
        withUnsafePointer(to: a) { x in
            withUnsafePointer(to: b) { y in
                withUnsafeMutablePointer(to: &out) { o in kernel(limbs(o), limbs(x), limbs(y)) }
            }
        }
        return out
    }

    /// `kernel(out, a)` with `out` starting as `initial`.
    @inlinable @inline(__always)
    static func unary<A, Out>(
        _ a: A, into initial: Out, _ kernel: (UnsafeMutablePointer<UInt64>, UnsafePointer<UInt64>) -> Void
    ) -> Out {
        var out = initial
        withUnsafePointer(to: a) { x in
            withUnsafeMutablePointer(to: &out) { o in kernel(limbs(o), limbs(x)) }
        }
        return out
    }

    /// `kernel(x)` on a copy of `value`, in place.
    @inlinable @inline(__always)
    static func inPlace<T>(_ value: T, _ kernel: (UnsafeMutablePointer<UInt64>) -> Void) -> T {
        var x = value
        withUnsafeMutablePointer(to: &x) { kernel(limbs($0)) }
        return x
    }

    @inlinable @inline(__always)
    static func limbs<T>(_ p: UnsafePointer<T>) -> UnsafePointer<UInt64> {
        UnsafeRawPointer(p).assumingMemoryBound(to: UInt64.self)
    }

    @inlinable @inline(__always)
    static func limbs<T>(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<UInt64> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: UInt64.self)
    }
}
