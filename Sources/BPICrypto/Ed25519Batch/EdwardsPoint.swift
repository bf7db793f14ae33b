/// A point of edwards25519 (−x² + y² = 1 + d·x²·y²) in extended coordinates (X:Y:Z:T), x = X/Z,
/// y = Y/Z, x·y = T/Z — for batch verification (`Ed25519BatchVerifier`). Variable time.
struct EdwardsPoint: Sendable {
    var x, y, z, t: FieldElement25519

    static let identity = EdwardsPoint(x: .zero, y: .one, z: .one, t: .zero)
    /// The base point B of RFC 8032.
    static let base = EdwardsPoint(
        decoding: [
            0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
            0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
        ])!

    init(x: FieldElement25519, y: FieldElement25519, z: FieldElement25519, t: FieldElement25519) {
        self.x = x
        self.y = y
        self.z = z
        self.t = t
    }

    /// Decompresses a 32-byte encoding (RFC 8032 §5.1.3); nil when it is not a point. The caller
    /// checks canonical encoding (y < p) beforehand.
    init?(decoding bytes: [UInt8]) {
        let y = FieldElement25519(bytes: bytes)
        let sign = bytes[31] >> 7
        let yy = y.squared()
        let u = yy - .one
        let v = FieldElement25519.d * yy + .one
        let v3 = v.squared() * v
        var x = u * v3 * (u * v3.squared() * v).pow22523()
        let vxx = v * x.squared()
        if !(vxx - u).isZero {
            guard (vxx + u).isZero else { return nil }
            x = x * FieldElement25519.sqrtMinusOne
        }
        if x.isZero && sign == 1 { return nil }
        if (x.isNegative ? 1 : 0) != sign { x = -x }
        self.init(x: x, y: y, z: .one, t: x * y)
    }

    /// P + Q (add-2008-hwcd-3, a = −1).
    @inline(__always) static func + (p: EdwardsPoint, q: EdwardsPoint) -> EdwardsPoint {
        let a = (p.y - p.x) * (q.y - q.x)
        let b = (p.y + p.x) * (q.y + q.x)
        let c = p.t * FieldElement25519.d2 * q.t
        let zz = p.z * q.z
        let d = zz + zz
        let e = b - a
        let f = d - c
        let g = d + c
        let h = b + a
        return EdwardsPoint(x: e * f, y: g * h, z: f * g, t: e * h)
    }

    /// 2P (dbl-2008-hwcd, a = −1).
    @inline(__always) func doubled() -> EdwardsPoint {
        let a = x.squared()
        let b = y.squared()
        let zz = z.squared()
        let c = zz + zz
        let e = (x + y).squared() - a - b
        let g = b - a
        let f = g - c
        let h = -a - b
        return EdwardsPoint(x: e * f, y: g * h, z: f * g, t: e * h)
    }

    /// −P.
    prefix static func - (p: EdwardsPoint) -> EdwardsPoint { EdwardsPoint(x: -p.x, y: p.y, z: p.z, t: -p.t) }

    /// Whether this is the identity (X = 0, Y = Z).
    var isIdentity: Bool { x.isZero && (y - z).isZero }

    /// Whether [8]P is the identity: a point of small order.
    var hasSmallOrder: Bool { doubled().doubled().doubled().isIdentity }

    /// The canonical 32-byte encoding.
    var encoded: [UInt8] {
        // x = X/Z, y = Y/Z through Z^(p−2) = Z^(2^255 − 21).
        let inverse = z.inverse()
        var out = (y * inverse).bytes
        if (x * inverse).isNegative { out[31] |= 0x80 }
        return out
    }
}

extension FieldElement25519 {
    /// self^(p − 2) = self^(−1) (for encoding in tests; batch verification never inverts).
    func inverse() -> FieldElement25519 {
        // p − 2 = (2^252 − 3)·8 + 3: self^(p−2) = (self^(2^252−3))^8 · self^3.
        pow22523().squared(times: 3) * squared() * self
    }
}
