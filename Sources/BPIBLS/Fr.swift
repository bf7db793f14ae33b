import BPICodec

/// An element of the scalar field F_r of BLS12-381 (r the prime order of G1, G2 and GT), in
/// Montgomery form with R = 2^256. Threshold cryptography — secret-sharing polynomials, Feldman
/// commitments, Lagrange coefficients — computes in this field; keys and batching only ever
/// needed addition (`Scalar`). Multiplication is a plain CIOS loop: the field is used a few
/// hundred times per key generation or share combination, never in a hot path.
public struct Fr: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The Montgomery representation a·R mod r, little-endian limbs.
    var m: (UInt64, UInt64, UInt64, UInt64)

    private init(montgomery m: (UInt64, UInt64, UInt64, UInt64)) { self.m = m }

    /// r, little-endian limbs.
    static var modulus: [UInt64] { GroupOrder.limbs }
    /// R² mod r, to enter Montgomery form.
    private static let r2 = Fr(
        montgomery: (0xC999_E990_F3F2_9C6D, 0x2B6C_EDCB_8792_5C23, 0x05D3_1496_7254_398F, 0x0748_D9D9_9F59_FF11))
    /// −r⁻¹ mod 2^64.
    private static let inv: UInt64 = 0xFFFF_FFFE_FFFF_FFFF

    /// 0.
    public static let zero = Fr(montgomery: (0, 0, 0, 0))
    /// 1 (R mod r).
    public static let one = Fr(
        montgomery: (0x0000_0001_FFFF_FFFE, 0x5884_B7FA_0003_4802, 0x998C_4FEF_ECBC_4FF5, 0x1824_B159_ACC5_056F))

    /// A small integer.
    public init(_ value: UInt64) { self = Fr.multiply(Fr(montgomery: (value, 0, 0, 0)), Fr.r2) }

    /// The canonical value of 32 big-endian bytes; nil when the value is not below r (a
    /// non-canonical encoding is refused, never reduced).
    public init?(bigEndian bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        let l = Scalar.limbs(bigEndian: bytes)
        guard Scalar.isLess(l, Fr.modulus) else { return nil }
        self.init(canonicalLimbs: l)
    }

    /// A uniformly distributed element from 64 bytes (wide reduction: bias below 2^-256).
    public init(wideBigEndian bytes: [UInt8]) {
        precondition(bytes.count == 64, "Fr(wideBigEndian:) takes 64 bytes")
        self.init(canonicalLimbs: Scalar.reduce(bigEndian: bytes))
    }

    /// From canonical little-endian limbs (< r).
    init(canonicalLimbs l: [UInt64]) { self = Fr.multiply(Fr(montgomery: (l[0], l[1], l[2], l[3])), Fr.r2) }

    /// The canonical value, little-endian limbs (for scalar multiplication of points).
    public var canonicalLimbs: [UInt64] {
        let c = Fr.multiply(self, Fr(montgomery: (1, 0, 0, 0)))
        return [c.m.0, c.m.1, c.m.2, c.m.3]
    }

    /// The canonical 32-byte big-endian encoding.
    public var bigEndianBytes: [UInt8] { Scalar.bigEndian(canonicalLimbs) }

    /// Whether the element is 0.
    public var isZero: Bool { (m.0 | m.1 | m.2 | m.3) == 0 }

    /// Hex of the canonical value (scalars printed are public ones: indices, coefficients of tests).
    public var description: String { Hex.encode(bigEndianBytes) }

    public static func == (a: Fr, b: Fr) -> Bool { a.m == b.m }
    public func hash(into h: inout Hasher) {
        h.combine(m.0)
        h.combine(m.1)
        h.combine(m.2)
        h.combine(m.3)
    }

    public static func + (a: Fr, b: Fr) -> Fr {
        let sum = Scalar.addModR([a.m.0, a.m.1, a.m.2, a.m.3], [b.m.0, b.m.1, b.m.2, b.m.3])
        return Fr(montgomery: (sum[0], sum[1], sum[2], sum[3]))
    }

    public static prefix func - (a: Fr) -> Fr {
        if a.isZero { return a }
        let d = Limbs.subtractLimbs(modulus, [a.m.0, a.m.1, a.m.2, a.m.3]).difference
        return Fr(montgomery: (d[0], d[1], d[2], d[3]))
    }

    public static func - (a: Fr, b: Fr) -> Fr { a + (-b) }
    public static func * (a: Fr, b: Fr) -> Fr { multiply(a, b) }

    /// a⁻¹ = a^(r−2); nil for 0.
    public var inverse: Fr? {
        guard !isZero else { return nil }
        let e = Limbs.subtractLimbs(Fr.modulus, [2, 0, 0, 0]).difference
        var result = Fr.one
        for limb in e.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result * result
                if (limb >> UInt64(bit)) & 1 == 1 { result = result * self }
            }
        }
        return result
    }

    /// A uniformly random element from the system generator.
    public static func random() -> Fr {
        var rng = SystemRandomNumberGenerator()
        return Fr(wideBigEndian: (0..<64).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    /// Montgomery product a·b·R⁻¹ mod r (CIOS).
    private static func multiply(_ a: Fr, _ b: Fr) -> Fr {
        let x = [a.m.0, a.m.1, a.m.2, a.m.3]
        let y = [b.m.0, b.m.1, b.m.2, b.m.3]
        var t = [UInt64](repeating: 0, count: 6)
        for i in 0..<4 {
            var carry: UInt64 = 0
            for j in 0..<4 {
                let s = UInt128(t[j]) &+ UInt128(x[j]) &* UInt128(y[i]) &+ UInt128(carry)
                t[j] = UInt64(truncatingIfNeeded: s)
                carry = UInt64(truncatingIfNeeded: s >> 64)
            }
            let s4 = UInt128(t[4]) &+ UInt128(carry)
            t[4] = UInt64(truncatingIfNeeded: s4)
            t[5] = UInt64(truncatingIfNeeded: s4 >> 64)
            let k = t[0] &* inv
            var c = UInt64(truncatingIfNeeded: (UInt128(t[0]) &+ UInt128(k) &* UInt128(modulus[0])) >> 64)
            for j in 1..<4 {
                let s = UInt128(t[j]) &+ UInt128(k) &* UInt128(modulus[j]) &+ UInt128(c)
                t[j - 1] = UInt64(truncatingIfNeeded: s)
                c = UInt64(truncatingIfNeeded: s >> 64)
            }
            let s3 = UInt128(t[4]) &+ UInt128(c)
            t[3] = UInt64(truncatingIfNeeded: s3)
            t[4] = t[5] &+ UInt64(truncatingIfNeeded: s3 >> 64)
        }
        var out = Array(t[0..<4])
        if t[4] != 0 || !Scalar.isLess(out, modulus) { out = Limbs.subtractLimbs(out, modulus).difference }
        return Fr(montgomery: (out[0], out[1], out[2], out[3]))
    }
}
