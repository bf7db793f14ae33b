/// An element of GF(2^255 − 19) in five 51-bit limbs (little-endian), for batch verification of
/// Ed25519 signatures (`Ed25519BatchVerifier`). Variable time: it handles public values only.
/// Limbs stay below 2^52 between operations (every result is carried).
struct FieldElement25519: Sendable {
    var l0, l1, l2, l3, l4: UInt64

    static let mask: UInt64 = (1 << 51) - 1
    static let zero = FieldElement25519(l0: 0, l1: 0, l2: 0, l3: 0, l4: 0)
    static let one = FieldElement25519(l0: 1, l1: 0, l2: 0, l3: 0, l4: 0)
    /// d = −121665/121666.
    static let d = FieldElement25519(bytes: Hex25519.d)
    /// 2d.
    static let d2 = d + d
    /// √−1 = 2^((p−1)/4).
    static let sqrtMinusOne = FieldElement25519(bytes: Hex25519.sqrtMinusOne)

    init(l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64, l4: UInt64) {
        self.l0 = l0
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
        self.l4 = l4
    }

    /// The element of a 32-byte little-endian encoding, its top bit ignored.
    init(bytes b: some Collection<UInt8>) {
        let a = Array(b)
        func load(_ i: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(a[i + $1]) << (8 * UInt64($1)) } }
        let w0 = load(0)
        let w1 = load(8)
        let w2 = load(16)
        let w3 = load(24)
        l0 = w0 & Self.mask
        l1 = (w0 >> 51 | w1 << 13) & Self.mask
        l2 = (w1 >> 38 | w2 << 26) & Self.mask
        l3 = (w2 >> 25 | w3 << 39) & Self.mask
        l4 = (w3 >> 12) & Self.mask
    }

    /// Carries every limb into 51 bits (the top carry folds in times 19).
    @inline(__always) static func carried(_ r0: UInt64, _ r1: UInt64, _ r2: UInt64, _ r3: UInt64, _ r4: UInt64)
        -> FieldElement25519
    {
        var c0 = r0
        var c1 = r1
        var c2 = r2
        var c3 = r3
        var c4 = r4
        c1 &+= c0 >> 51
        c0 &= mask
        c2 &+= c1 >> 51
        c1 &= mask
        c3 &+= c2 >> 51
        c2 &= mask
        c4 &+= c3 >> 51
        c3 &= mask
        c0 &+= 19 &* (c4 >> 51)
        c4 &= mask
        c1 &+= c0 >> 51
        c0 &= mask
        return FieldElement25519(l0: c0, l1: c1, l2: c2, l3: c3, l4: c4)
    }

    @inline(__always) static func + (a: Self, b: Self) -> Self {
        carried(a.l0 &+ b.l0, a.l1 &+ b.l1, a.l2 &+ b.l2, a.l3 &+ b.l3, a.l4 &+ b.l4)
    }

    /// a − b as a + 4p − b (limbs of 4p exceed any carried limb).
    @inline(__always) static func - (a: Self, b: Self) -> Self {
        carried(
            a.l0 &+ 0x1F_FFFF_FFFF_FFB4 &- b.l0, a.l1 &+ 0x1F_FFFF_FFFF_FFFC &- b.l1, a.l2 &+ 0x1F_FFFF_FFFF_FFFC &- b.l2,
            a.l3 &+ 0x1F_FFFF_FFFF_FFFC &- b.l3, a.l4 &+ 0x1F_FFFF_FFFF_FFFC &- b.l4)
    }

    @inline(__always) prefix static func - (a: Self) -> Self { zero - a }

    @inline(__always) static func * (a: Self, b: Self) -> Self {
        @inline(__always) func m(_ x: UInt64, _ y: UInt64) -> UInt128 { UInt128(x) &* UInt128(y) }
        let b1 = b.l1 &* 19
        let b2 = b.l2 &* 19
        let b3 = b.l3 &* 19
        let b4 = b.l4 &* 19
        let r0 = m(a.l0, b.l0) &+ m(a.l1, b4) &+ m(a.l2, b3) &+ m(a.l3, b2) &+ m(a.l4, b1)
        var r1 = m(a.l0, b.l1) &+ m(a.l1, b.l0) &+ m(a.l2, b4) &+ m(a.l3, b3) &+ m(a.l4, b2)
        var r2 = m(a.l0, b.l2) &+ m(a.l1, b.l1) &+ m(a.l2, b.l0) &+ m(a.l3, b4) &+ m(a.l4, b3)
        var r3 = m(a.l0, b.l3) &+ m(a.l1, b.l2) &+ m(a.l2, b.l1) &+ m(a.l3, b.l0) &+ m(a.l4, b4)
        var r4 = m(a.l0, b.l4) &+ m(a.l1, b.l3) &+ m(a.l2, b.l2) &+ m(a.l3, b.l1) &+ m(a.l4, b.l0)
        return reduce(r0, &r1, &r2, &r3, &r4)
    }

    @inline(__always) static func reduce(
        _ r0: UInt128, _ r1: inout UInt128, _ r2: inout UInt128, _ r3: inout UInt128, _ r4: inout UInt128
    ) -> Self {
        let m = UInt128(mask)
        r1 &+= r0 >> 51
        let c0 = UInt64(truncatingIfNeeded: r0 & m)
        r2 &+= r1 >> 51
        let c1 = UInt64(truncatingIfNeeded: r1 & m)
        r3 &+= r2 >> 51
        let c2 = UInt64(truncatingIfNeeded: r2 & m)
        r4 &+= r3 >> 51
        let c3 = UInt64(truncatingIfNeeded: r3 & m)
        let top = UInt64(truncatingIfNeeded: r4 >> 51)
        let c4 = UInt64(truncatingIfNeeded: r4 & m)
        return carried(c0 &+ top &* 19, c1, c2, c3, c4)
    }

    @inline(__always) func squared() -> Self {
        @inline(__always) func m(_ x: UInt64, _ y: UInt64) -> UInt128 { UInt128(x) &* UInt128(y) }
        let d0 = l0 &* 2
        let d1 = l1 &* 2
        let d2 = l2 &* 2 &* 19
        let d3 = l3 &* 19
        let d4 = l4 &* 19
        let r0 = m(l0, l0) &+ m(d1, l4 &* 19) &+ m(d2, l3)
        var r1 = m(d0, l1) &+ m(d2, l4) &+ m(l3, d3)
        var r2 = m(d0, l2) &+ m(l1, l1) &+ m(2 &* l3, d4)
        var r3 = m(d0, l3) &+ m(d1, l2) &+ m(l4, d4)
        var r4 = m(d0, l4) &+ m(d1, l3) &+ m(l2, l2)
        return Self.reduce(r0, &r1, &r2, &r3, &r4)
    }

    /// Squares `n` times.
    func squared(times n: Int) -> Self {
        var x = self
        for _ in 0..<n { x = x.squared() }
        return x
    }

    /// self^(2^252 − 3), the exponent of the square root in decompression (ref10's pow22523 chain;
    /// `tN` is self^(2^N − 1)).
    func pow22523() -> Self {
        let z2 = squared()
        let z9 = z2.squared(times: 2) * self
        let z11 = z9 * z2
        let t5 = z11.squared() * z9
        let t10 = t5.squared(times: 5) * t5
        let t20 = t10.squared(times: 10) * t10
        let t40 = t20.squared(times: 20) * t20
        let t50 = t40.squared(times: 10) * t10
        let t100 = t50.squared(times: 50) * t50
        let t200 = t100.squared(times: 100) * t100
        let t250 = t200.squared(times: 50) * t50
        return t250.squared(times: 2) * self
    }

    /// The canonical little-endian encoding (fully reduced below p).
    var bytes: [UInt8] {
        let once = Self.carried(l0, l1, l2, l3, l4)
        var f = Self.carried(once.l0, once.l1, once.l2, once.l3, once.l4)
        // Subtract p when f ≥ p: add 19, see whether it carries past 2^255.
        var q = (f.l0 &+ 19) >> 51
        q = (f.l1 &+ q) >> 51
        q = (f.l2 &+ q) >> 51
        q = (f.l3 &+ q) >> 51
        q = (f.l4 &+ q) >> 51
        f.l0 &+= 19 &* q
        f.l1 &+= f.l0 >> 51
        f.l0 &= Self.mask
        f.l2 &+= f.l1 >> 51
        f.l1 &= Self.mask
        f.l3 &+= f.l2 >> 51
        f.l2 &= Self.mask
        f.l4 &+= f.l3 >> 51
        f.l3 &= Self.mask
        f.l4 &= Self.mask
        let w0 = f.l0 | f.l1 << 51
        let w1 = f.l1 >> 13 | f.l2 << 38
        let w2 = f.l2 >> 26 | f.l3 << 25
        let w3 = f.l3 >> 39 | f.l4 << 12
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for w in [w0, w1, w2, w3] { for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: w >> (8 * UInt64(i)))) } }
        return out
    }

    var isZero: Bool { bytes.allSatisfy { $0 == 0 } }
    /// The low bit of the canonical encoding ("negative").
    var isNegative: Bool { bytes[0] & 1 == 1 }
}

/// Constants of edwards25519, little-endian.
enum Hex25519 {
    static let d: [UInt8] = [
        0xA3, 0x78, 0x59, 0x13, 0xCA, 0x4D, 0xEB, 0x75, 0xAB, 0xD8, 0x41, 0x41, 0x4D, 0x0A, 0x70, 0x00, 0x98, 0xE8, 0x79, 0x77,
        0x79, 0x40, 0xC7, 0x8C, 0x73, 0xFE, 0x6F, 0x2B, 0xEE, 0x6C, 0x03, 0x52,
    ]
    static let sqrtMinusOne: [UInt8] = [
        0xB0, 0xA0, 0x0E, 0x4A, 0x27, 0x1B, 0xEE, 0xC4, 0x78, 0xE4, 0x2F, 0xAD, 0x06, 0x18, 0x43, 0x2F, 0xA7, 0xD7, 0xFB, 0x3D,
        0x99, 0x00, 0x4D, 0x2B, 0x0B, 0xDF, 0xC1, 0x4F, 0x80, 0x24, 0x83, 0x2B,
    ]
}
