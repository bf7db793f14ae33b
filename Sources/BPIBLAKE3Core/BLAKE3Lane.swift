/// A 32-bit word, or a vector of words processed in lock step, that the BLAKE3 round function
/// runs on. `UInt32` gives the portable single-block compression; `SIMDn<UInt32>` hashes
/// n independent inputs at once (one input per lane).
public protocol BLAKE3Lane: Sendable {
    /// Wrapping addition.
    static func &+ (lhs: Self, rhs: Self) -> Self
    /// Bitwise exclusive or.
    static func ^ (lhs: Self, rhs: Self) -> Self
    /// Rotates every word right by `n` bits (0 < n < 32).
    func rotatedRight(_ n: UInt32) -> Self
}

extension UInt32: BLAKE3Lane {
    /// Rotates right by `n` bits.
    @inlinable @inline(__always)
    public func rotatedRight(_ n: UInt32) -> UInt32 { (self &>> n) | (self &<< (32 &- n)) }
}

extension SIMD4: BLAKE3Lane where Scalar == UInt32 {
    /// Rotates each lane right by `n` bits.
    @inlinable @inline(__always)
    public func rotatedRight(_ n: UInt32) -> SIMD4<UInt32> { (self &>> n) | (self &<< (32 &- n)) }
}

extension SIMD8: BLAKE3Lane where Scalar == UInt32 {
    /// Rotates each lane right by `n` bits.
    @inlinable @inline(__always)
    public func rotatedRight(_ n: UInt32) -> SIMD8<UInt32> { (self &>> n) | (self &<< (32 &- n)) }
}

extension SIMD16: BLAKE3Lane where Scalar == UInt32 {
    /// Rotates each lane right by `n` bits.
    @inlinable @inline(__always)
    public func rotatedRight(_ n: UInt32) -> SIMD16<UInt32> { (self &>> n) | (self &<< (32 &- n)) }
}
