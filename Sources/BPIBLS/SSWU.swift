/// Hashing to G1 (RFC 9380, suite `BLS12381G1_XMD:SHA-256_SSWU_RO_`): hash_to_field, the
/// simplified SWU map onto the isogenous curve E', the 11-isogeny to E, and cofactor clearing.
public enum SSWU {
    /// 2^256 mod p, to reduce 64-byte field samples.
    static let twoTo256 = Fp(canonicalLimbs: [0, 0, 0, 0, 1, 0])

    /// `hash_to_field(msg, count)` with L = 64 bytes per element.
    public static func hashToField(_ message: [UInt8], dst: [UInt8], count: Int) throws(BLSError) -> [Fp] {
        let bytes = try ExpandMessageXMD.expand(message, dst: dst, length: 64 * count)
        return (0..<count).map { i in
            let chunk = Array(bytes[(64 * i)..<(64 * i + 64)])
            // value = hi·2^256 + lo with hi, lo < 2^256 < p.
            let hi = Fp(bigEndian: [UInt8](repeating: 0, count: 16) + chunk[0..<32])!
            let lo = Fp(bigEndian: [UInt8](repeating: 0, count: 16) + chunk[32..<64])!
            return hi * twoTo256 + lo
        }
    }

    /// `map_to_curve_simple_swu` onto E' (§6.6.2, straight-line version).
    static func mapToIsogenous(_ u: Fp) -> (x: Fp, y: Fp) {
        let a = isoA
        let b = isoB
        let zu2 = z * u.squared
        let tv1 = (zu2.squared + zu2).inverse
        var x1 = (-b * a.inverse) * (Fp.one + tv1)
        if tv1.isZero { x1 = b * (z * a).inverse }
        let gx1 = x1.squared * x1 + a * x1 + b
        let x2 = zu2 * x1
        let gx2 = x2.squared * x2 + a * x2 + b
        var (x, y): (Fp, Fp)
        if let root = gx1.sqrt {
            (x, y) = (x1, root)
        } else {
            (x, y) = (x2, gx2.sqrt!)  // gx1·gx2 is a square times Z³ (a non-square), so one of them is a square
        }
        if u.sgn0 != y.sgn0 { y = -y }
        return (x, y)
    }

    /// The 11-isogeny E' → E, returned in Jacobian coordinates to avoid inversions.
    static func isogeny(_ p: (x: Fp, y: Fp)) -> G1Point {
        func evaluate(_ k: [Fp]) -> Fp {
            var acc = k[k.count - 1]
            for c in k.dropLast().reversed() { acc = acc * p.x + c }
            return acc
        }
        let xn = evaluate(xNumerator)
        let xd = evaluate(xDenominator)
        let yn = evaluate(yNumerator)
        let yd = evaluate(yDenominator)
        // x = xn/xd, y = y·yn/yd  ⇒  X = xn·xd·yd², Y = y·yn·xd³·yd², Z = xd·yd.
        let yd2 = yd.squared
        let xd2 = xd.squared
        return G1Point(x: xn * xd * yd2, y: p.y * yn * xd2 * xd * yd2, z: xd * yd)
    }

    /// `map_to_curve`: SWU then the isogeny.
    public static func mapToCurve(_ u: Fp) -> G1Point { isogeny(mapToIsogenous(u)) }

    /// h_eff = 1 - x = 0xd201000000010001.
    static let hEff: [UInt64] = [0xD201_0000_0001_0001]

    /// `hash_to_curve` for G1: a point of the prime-order subgroup, indistinguishable from random.
    public static func hashToG1(_ message: [UInt8], dst: [UInt8]) throws(BLSError) -> G1Point {
        let u = try hashToField(message, dst: dst, count: 2)
        return (mapToCurve(u[0]) + mapToCurve(u[1])).multiplied(byPublic: hEff)
    }
}
