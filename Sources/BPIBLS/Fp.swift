/// An element of the BLS12-381 base field F_p (p is 381 bits), held in Montgomery form as six
/// 64-bit limbs. Arithmetic is branch-free (`FpArithmetic.swift`, generated), so timing does not
/// depend on secret values; only `inverse`/`sqrt` exponents are public constants.
@frozen
public struct Fp: Equatable, Hashable, Sendable {
    @usableFromInline var l0, l1, l2, l3, l4, l5: UInt64

    @inlinable
    init(raw: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)) {
        (l0, l1, l2, l3, l4, l5) = raw
    }

    /// Zero.
    public static let zero = Fp(raw: (0, 0, 0, 0, 0, 0))

    /// The element with the given canonical value (little-endian limbs, each < 2^64, value < p).
    init(canonicalLimbs v: [UInt64]) {
        self = Fp.product(Fp(raw: (v[0], v[1], v[2], v[3], v[4], v[5])), Fp.r2)
    }

    /// A small integer.
    public init(_ value: UInt64) { self.init(canonicalLimbs: [value, 0, 0, 0, 0, 0]) }

    /// Parses a 48-byte big-endian value; nil unless it is below p (canonical).
    public init?(bigEndian bytes: some Collection<UInt8>) {
        let b = Array(bytes)
        guard b.count == 48 else { return nil }
        var limbs = [UInt64](repeating: 0, count: 6)
        for i in 0..<6 {
            var v: UInt64 = 0
            for k in 0..<8 { v = v << 8 | UInt64(b[(5 - i) * 8 + k]) }
            limbs[i] = v
        }
        let raw = Fp(raw: (limbs[0], limbs[1], limbs[2], limbs[3], limbs[4], limbs[5]))
        guard raw.subtractingModulusIfNeeded() == raw else { return nil }  // raw >= p would change
        self.init(canonicalLimbs: limbs)
    }

    /// Parses big-endian hex of any length up to 96 digits (for constants).
    init(hex: String) {
        let digits = Array(hex.utf8)
        var bytes = [UInt8](repeating: 0, count: 48)
        var i = digits.count - 1
        var k = 47
        while i >= 0 {
            func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 0x20) - 87 }
            var byte = nibble(digits[i])
            if i > 0 { byte |= nibble(digits[i - 1]) << 4 }
            bytes[k] = byte
            i -= 2
            k -= 1
        }
        self = Fp(bigEndian: bytes)!
    }

    /// The element whose Montgomery form has these little-endian limbs (for kernel cross-checks
    /// at the representation's edges); nil unless there are six and their value is below p.
    public init?(montgomeryLimbs v: [UInt64]) {
        guard v.count == 6 else { return nil }
        let raw = Fp(raw: (v[0], v[1], v[2], v[3], v[4], v[5]))
        guard raw.subtractingModulusIfNeeded() == raw else { return nil }
        self = raw
    }

    /// The Montgomery form's limbs, little-endian.
    public var montgomeryLimbs: [UInt64] { [l0, l1, l2, l3, l4, l5] }

    /// The canonical value's limbs, little-endian.
    var canonicalLimbs: [UInt64] {
        let c = Fp.product(self, Fp(raw: (1, 0, 0, 0, 0, 0)))
        return [c.l0, c.l1, c.l2, c.l3, c.l4, c.l5]
    }

    /// The canonical value as 48 big-endian bytes.
    public var bigEndianBytes: [UInt8] {
        let limbs = canonicalLimbs
        var out = [UInt8](repeating: 0, count: 48)
        for i in 0..<6 {
            for k in 0..<8 { out[(5 - i) * 8 + k] = UInt8(truncatingIfNeeded: limbs[i] >> UInt64(56 - 8 * k)) }
        }
        return out
    }

    /// Whether this is zero.
    @inlinable public var isZero: Bool { (l0 | l1 | l2 | l3 | l4 | l5) == 0 }

    /// RFC 9380 `sgn0`: the parity of the canonical value.
    public var sgn0: Bool { canonicalLimbs[0] & 1 == 1 }

    /// Whether the canonical value is greater than (p-1)/2 (the ZCash "lexicographically largest" flag).
    public var isLexicographicallyLargest: Bool {
        let half = Fp.pMinus1Over2
        let v = canonicalLimbs
        for i in stride(from: 5, through: 0, by: -1) where v[i] != half[i] {
            return v[i] > half[i]
        }
        return false
    }

    @inlinable @inline(__always) public static func + (a: Fp, b: Fp) -> Fp { add(a, b) }
    @inlinable @inline(__always) public static func - (a: Fp, b: Fp) -> Fp { subtract(a, b) }
    @inlinable @inline(__always) public static func * (a: Fp, b: Fp) -> Fp { product(a, b) }
    @inlinable @inline(__always) public static prefix func - (a: Fp) -> Fp { subtract(.zero, a) }
    @inlinable @inline(__always) public static func += (a: inout Fp, b: Fp) { a = add(a, b) }
    @inlinable @inline(__always) public static func -= (a: inout Fp, b: Fp) { a = subtract(a, b) }
    @inlinable @inline(__always) public static func *= (a: inout Fp, b: Fp) { a = product(a, b) }

    /// self².
    @inlinable @inline(__always) public var squared: Fp { Fp.product(self, self) }
    /// 2·self.
    @inlinable @inline(__always) public var doubled: Fp { Fp.add(self, self) }

    /// self^e for a public exponent given as little-endian limbs (`power(limbs:)`: sliding windows).
    public func power(_ e: [UInt64]) -> Fp { power(limbs: e) }

    /// Public exponents: p − 2 (inversion), (p + 1)/4 (square root, p ≡ 3 mod 4), (p − 3)/4
    /// (sqrt_ratio), and (p − 1)/2 (Euler's criterion; also the "larger half" bound of encodings).
    static let pMinus2: [UInt64] = Limbs.subtract(Limbs.p, 2)
    static let pPlus1Over4: [UInt64] = Array(Limbs.divide(Limbs.add(Limbs.p, 1), by: 4).prefix(6))
    static let pMinus3Over4: [UInt64] = Limbs.divide(Limbs.subtract(Limbs.p, 3), by: 4)
    static let pMinus1Over2: [UInt64] = Limbs.pMinus1Over(2)

    /// 1/self (Fermat: self^(p-2)); zero maps to zero.
    public var inverse: Fp { power(Fp.pMinus2) }

    /// A square root, or nil when self is not a square (p ≡ 3 mod 4: self^((p+1)/4)).
    public var sqrt: Fp? {
        let r = power(Fp.pPlus1Over4)
        return r.squared == self ? r : nil
    }

    /// Whether self is a square (zero counts as a square).
    public var isSquare: Bool {
        let l = power(Fp.pMinus1Over2)
        return l == .one || l.isZero
    }
}
