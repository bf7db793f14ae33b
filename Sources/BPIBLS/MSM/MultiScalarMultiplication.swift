extension JacobianPoint {
    /// Σ [kᵢ]Pᵢ for public scalars (docs/SPEC.md §14.8), each 4 little-endian limbs (any 256-bit
    /// value), by Pippenger's bucket method: the scalars are cut into windows of c bits; in each
    /// window every point is added once to the bucket of its digit, and the buckets are summed with
    /// the running-sum trick (2·2ᶜ additions), so n points cost about 256/c·(n + 2ᶜ⁺¹) additions
    /// instead of n·256 doublings and additions. Variable time: for public scalars only
    /// (verification, never keys). Below 4 points it adds the single multiplications.
    public static func multiScalarMultiplication(_ points: [JacobianPoint], scalars: [[UInt64]]) -> JacobianPoint {
        precondition(points.count == scalars.count && scalars.allSatisfy { $0.count == 4 }, "one 4-limb scalar per point")
        let n = points.count
        if n < 4 {
            return zip(points, scalars).reduce(.infinity) { $0 + $1.0.multiplied(byPublic: $1.1) }
        }
        let c = windowBits(n)
        // Only the windows below the longest scalar's top bit (the 64-bit batch coefficients
        // of signature checks take a quarter of a full scalar's).
        let bits = scalars.map(Limbs.bitLength).max() ?? 0
        guard bits > 0 else { return .infinity }
        let windows = (bits + c - 1) / c
        var acc = JacobianPoint.infinity
        var buckets = [JacobianPoint](repeating: .infinity, count: 1 << c)
        for w in stride(from: windows - 1, through: 0, by: -1) {
            for _ in 0..<c { acc = acc.doubled }
            for b in buckets.indices { buckets[b] = .infinity }
            for i in 0..<n {
                let digit = Self.digit(scalars[i], at: w * c, bits: c)
                if digit != 0 { buckets[digit] = buckets[digit] + points[i] }
            }
            // Σ d·bucket[d] as the sum of running sums from the top bucket down.
            var running = JacobianPoint.infinity
            var total = JacobianPoint.infinity
            for d in stride(from: buckets.count - 1, through: 1, by: -1) {
                running = running + buckets[d]
                total = total + running
            }
            acc = acc + total
        }
        return acc
    }

    /// The window that minimizes 256/c·(n + 2^(c+1)) roughly: about log₂ n − 2, within 2…16.
    static func windowBits(_ n: Int) -> Int {
        let log2n = Int.bitWidth - n.leadingZeroBitCount - 1
        return min(16, max(2, log2n - 2))
    }

    /// Bits [offset, offset + bits) of a 4-limb little-endian scalar.
    @inlinable static func digit(_ k: [UInt64], at offset: Int, bits: Int) -> Int {
        let limb = offset >> 6
        let shift = offset & 63
        guard limb < 4 else { return 0 }
        var v = k[limb] >> UInt64(shift)
        if shift + bits > 64, limb + 1 < 4 { v |= k[limb + 1] << UInt64(64 - shift) }
        return Int(v & ((1 << UInt64(bits)) - 1))
    }
}
