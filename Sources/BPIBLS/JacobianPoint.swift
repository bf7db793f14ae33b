import CBPIFp

/// A point of a BLS12-381 curve group in Jacobian coordinates (x = X/Z², y = Y/Z³; Z = 0 is the
/// point at infinity). `G1Point` and `G2Point` are the two instances.
@frozen
public struct JacobianPoint<Curve: CurveParameters>: Sendable {
    public typealias F = Curve.Field
    /// Jacobian coordinates.
    public var x, y, z: F

    /// A point from Jacobian coordinates (not validated).
    @inlinable public init(x: F, y: F, z: F) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// A point from affine coordinates (not validated; see `isOnCurve`, `isInSubgroup`).
    @inlinable public init(affineX: F, affineY: F) { self.init(x: affineX, y: affineY, z: .one) }

    /// The point at infinity (the group identity).
    public static var infinity: JacobianPoint { JacobianPoint(x: .one, y: .one, z: .zero) }
    /// The standard generator.
    public static var generator: JacobianPoint { JacobianPoint(affineX: Curve.generator.x, affineY: Curve.generator.y) }

    /// Whether this is the identity.
    @inlinable public var isInfinity: Bool { z.isZero }

    /// Affine coordinates, or nil for infinity.
    public var affine: (x: F, y: F)? {
        if isInfinity { return nil }
        if z == .one { return (x, y) }  // decoded points and the generators: no inversion
        let zi = z.inverse
        let zi2 = zi.squared
        return (x * zi2, y * zi2 * zi)
    }

    /// Whether the point satisfies Y² = X³ + b·Z⁶ (infinity does).
    public var isOnCurve: Bool {
        if isInfinity { return true }
        let z2 = z.squared
        let z6 = z2.squared * z2
        return y.squared == x.squared * x + Curve.b * z6
    }

    /// -P.
    @inlinable public static prefix func - (p: JacobianPoint) -> JacobianPoint { JacobianPoint(x: p.x, y: -p.y, z: p.z) }

    /// 2P (dbl-2009-l, a = 0); on G1 by the assembly kernel where it runs (`bpi_g1_double_mulx`,
    /// the same formula in one call).
    @inlinable public var doubled: JacobianPoint {
        if isInfinity { return self }
        if Curve.self == G1Curve.self, bpi_fp_mulx_enabled() != 0 {
            return unsafeBitCast(G1Point.mulxDoubled(unsafeBitCast(self, to: G1Point.self)), to: JacobianPoint.self)
        }
        return portableDoubled
    }

    /// 2P by dbl-2009-l over the field's own arithmetic.
    @inlinable public var portableDoubled: JacobianPoint {
        let a = x.squared
        let b = y.squared
        let c = b.squared
        let d = ((x + b).squared - a - c).doubled
        let e = a.doubled + a
        let f = e.squared
        let x3 = f - d.doubled
        let y3 = e * (d - x3) - c.doubled.doubled.doubled
        let z3 = (y * z).doubled
        return JacobianPoint(x: x3, y: y3, z: z3)
    }

    /// P + Q (add-2007-bl), handling infinity and P = ±Q.
    @inlinable public static func + (p: JacobianPoint, q: JacobianPoint) -> JacobianPoint {
        if p.isInfinity { return q }
        if q.isInfinity { return p }
        if q.z == .one { return p.addingAffine(q.x, q.y) }
        if p.z == .one { return q.addingAffine(p.x, p.y) }
        let z1z1 = p.z.squared
        let z2z2 = q.z.squared
        let u1 = p.x * z2z2
        let u2 = q.x * z1z1
        let s1 = p.y * q.z * z2z2
        let s2 = q.y * p.z * z1z1
        let h = u2 - u1
        let r0 = s2 - s1
        if h.isZero { return r0.isZero ? p.doubled : .infinity }
        let i = h.doubled.squared
        let j = h * i
        let r = r0.doubled
        let v = u1 * i
        let x3 = r.squared - j - v.doubled
        let y3 = r * (v - x3) - (s1 * j).doubled
        let z3 = ((p.z + q.z).squared - z1z1 - z2z2) * h
        return JacobianPoint(x: x3, y: y3, z: z3)
    }

    /// P + (x, y) for an affine (Z = 1) point (madd-2007-bl): the common case of adding decoded
    /// keys and of the Miller loop.
    @inlinable func addingAffine(_ x2: F, _ y2: F) -> JacobianPoint {
        let z1z1 = z.squared
        let u2 = x2 * z1z1
        let s2 = y2 * z * z1z1
        let h = u2 - x
        let r0 = s2 - y
        if h.isZero { return r0.isZero ? doubled : .infinity }
        let hh = h.squared
        let i = hh.doubled.doubled
        let j = h * i
        let r = r0.doubled
        let v = x * i
        let x3 = r.squared - j - v.doubled
        let y3 = r * (v - x3) - (y * j).doubled
        let z3 = (z + h).squared - z1z1 - hh
        return JacobianPoint(x: x3, y: y3, z: z3)
    }

    /// P - Q.
    @inlinable public static func - (p: JacobianPoint, q: JacobianPoint) -> JacobianPoint { p + (-q) }

    /// Group equality (compares x/Z², y/Z³ without inverting).
    public static func == (p: JacobianPoint, q: JacobianPoint) -> Bool {
        if p.isInfinity || q.isInfinity { return p.isInfinity && q.isInfinity }
        let z1z1 = p.z.squared
        let z2z2 = q.z.squared
        return p.x * z2z2 == q.x * z1z1 && p.y * q.z * z2z2 == q.y * p.z * z1z1
    }

    /// [k]P for a public scalar given as little-endian limbs (variable time): width-w NAF —
    /// signed odd digits below 2^(w−1), one nonzero in about w + 1 — over the odd multiples
    /// P, 3P, …, with w = 4 for the 64-bit batch coefficients and 5 for full scalars.
    public func multiplied(byPublic k: [UInt64]) -> JacobianPoint {
        let bits = Limbs.bitLength(k)
        guard bits > 0 else { return .infinity }
        let w = bits <= 128 ? 4 : 5
        let digits = Self.nonAdjacentForm(k, width: w)
        let twice = doubled
        var odd = [self]
        odd.reserveCapacity(1 << (w - 2))
        for i in 1..<(1 << (w - 2)) { odd.append(odd[i - 1] + twice) }
        var result = JacobianPoint.infinity
        for d in digits.reversed() {
            result = result.doubled
            if d > 0 { result = result + odd[Int(d) >> 1] } else if d < 0 { result = result - odd[Int(-d) >> 1] }
        }
        return result
    }

    /// [k]P by double-and-add for a public 64-bit scalar with few one bits (variable time): a
    /// doubling per bit below the top one and an addition per further one bit, with no table.
    /// G1's cofactor h_eff = 0xd201000000010001 has six one bits: 63 doublings and 5 additions,
    /// where the width-4 NAF would add a table of odd multiples and as many additions again.
    public func multiplied(bySparsePublic k: UInt64) -> JacobianPoint {
        guard k != 0 else { return .infinity }
        var result = self
        for bit in stride(from: 62 - k.leadingZeroBitCount, through: 0, by: -1) {
            result = result.doubled
            if (k >> UInt64(bit)) & 1 == 1 { result = result + self }
        }
        return result
    }

    /// The width-`w` non-adjacent form of a public scalar (little-endian limbs), least significant
    /// digit first: each digit 0 or odd in (−2^(w−1), 2^(w−1)), and Σ dᵢ·2ⁱ = k.
    static func nonAdjacentForm(_ scalar: [UInt64], width w: Int) -> [Int8] {
        var k = scalar + [0]  // one limb of headroom for the carries of negative digits
        let modulus = UInt64(1) << UInt64(w)
        var digits: [Int8] = []
        digits.reserveCapacity(k.count * 64 + 1)
        while k.contains(where: { $0 != 0 }) {
            var d: Int64 = 0
            if k[0] & 1 == 1 {
                d = Int64(k[0] & (modulus - 1))
                if d >= Int64(modulus >> 1) { d -= Int64(modulus) }
                if d > 0 {
                    k[0] -= UInt64(d)  // the low w bits hold d: no borrow
                } else {
                    var carry = UInt64(-d)
                    for i in k.indices where carry != 0 {
                        let (sum, overflow) = k[i].addingReportingOverflow(carry)
                        k[i] = sum
                        carry = overflow ? 1 : 0
                    }
                }
            }
            digits.append(Int8(d))
            for i in k.indices { k[i] = k[i] >> 1 | (i + 1 < k.count ? k[i + 1] << 63 : 0) }
        }
        return digits
    }

    /// [k]P for a secret scalar, by fixed 4-bit windows: the same doublings and additions for
    /// every scalar of the same limb count — four doublings and one addition per window — with
    /// the window's multiple read from a table of P … 15P by a scan that touches every entry (no
    /// secret-dependent memory access), and the sum kept or dropped by a branch-free select (a
    /// zero window adds P and drops the sum).
    public func multiplied(bySecret k: [UInt64]) -> JacobianPoint {
        var table = [self, self]  // table[w] = w·P (table[0] is never read)
        table.reserveCapacity(16)
        for w in 2..<16 { table.append(table[w - 1] + self) }
        var result = JacobianPoint.infinity
        for limb in k.reversed() {
            for shift in stride(from: 60, through: 0, by: -4) {
                result = result.doubled.doubled.doubled.doubled
                result = result.addingSelected(from: table, index: Int(truncatingIfNeeded: (limb >> UInt64(shift)) & 0xF))
            }
        }
        return result
    }

    /// self + table[index] for index ≥ 1, self for index 0 — in constant time: every entry of
    /// `table` (16 points; table[0] is never read) is scanned with a branch-free select, the sum
    /// is always computed, and it is kept or dropped by another select. The step of every
    /// secret-scalar routine (`multiplied(bySecret:)`, GLS, GLV).
    @inline(__always)
    func addingSelected(from table: [JacobianPoint], index: Int) -> JacobianPoint {
        var multiple = table[1]
        for b in 2..<16 { multiple = JacobianPoint.select(b == index, table[b], multiple) }
        return JacobianPoint.select(index != 0, self + multiple, self)
    }

    @inline(__always)
    static func select(_ condition: Bool, _ a: JacobianPoint, _ b: JacobianPoint) -> JacobianPoint {
        // Swift offers no constant-time select for generic fields; the choice here is a plain
        // value copy with no data-dependent memory access (both candidates are computed).
        var out = b
        withUnsafeMutableBytes(of: &out) { o in
            withUnsafeBytes(of: a) { ab in
                let mask: UInt8 = condition ? 0xFF : 0x00
                for i in 0..<o.count { o[i] = (ab[i] & mask) | (o[i] & ~mask) }
            }
        }
        return out
    }

    /// Whether P lies in the prime-order subgroup (the curve's endomorphism test; P must be on the curve).
    public var isInSubgroup: Bool { Curve.isInSubgroup(self) }

    /// Whether [r]P is the identity: the definition, slower; tests check the fast tests against it.
    public var isInSubgroupByOrder: Bool { multiplied(byPublic: GroupOrder.limbs).isInfinity }
}

extension JacobianPoint: Equatable {}

/// A point of G1 (over F_p): signatures in the minimal-signature-size scheme.
public typealias G1Point = JacobianPoint<G1Curve>
/// A point of G2 (over F_p²): public keys in the minimal-signature-size scheme.
public typealias G2Point = JacobianPoint<G2Curve>
