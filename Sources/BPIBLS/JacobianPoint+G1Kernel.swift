import CBPIFp

extension JacobianPoint where Curve == G1Curve {
    /// 2P by `bpi_g1_double_mulx`: dbl-2009-l with seven Montgomery products and the sums in one
    /// assembly call. For a finite point (the caller handles infinity).
    @usableFromInline
    static func mulxDoubled(_ p: G1Point) -> G1Point { KernelCall.unary(p, into: p, bpi_g1_double_mulx) }
}
