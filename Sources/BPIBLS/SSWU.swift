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

    /// `map_to_curve_simple_swu` onto E' (RFC 9380 Appendix F.2, with `sqrt_ratio` for q ≡ 3 mod 4):
    /// one exponentiation for the square root test and root. x is left as the fraction
    /// `xNumerator / xDenominator` (the RFC's final division is folded into the isogeny's
    /// projective output, which saves an inversion — an exponentiation — per map).
    static func mapToIsogenous(_ u: Fp) -> (xNumerator: Fp, xDenominator: Fp, y: Fp) {
        let a = isoA
        let b = isoB
        let tv1 = z * u.squared
        var tv2 = tv1.squared + tv1
        let tv3 = b * (tv2 + .one)
        let tv4 = a * (tv2.isZero ? z : -tv2)
        tv2 = tv3.squared
        var tv6 = tv4.squared
        tv2 = (tv2 + a * tv6) * tv3
        tv6 = tv6 * tv4
        tv2 = tv2 + b * tv6
        var x = tv1 * tv3
        let (isSquare, y1) = sqrtRatio(tv2, tv6)
        var y = tv1 * u * y1
        if isSquare {
            x = tv3
            y = y1
        }
        if u.sgn0 != y.sgn0 { y = -y }
        return (x, tv4, y)
    }

    /// `sqrt_ratio(u, v)` for q ≡ 3 (mod 4): (true, √(u/v)) if u/v is square, else (false, √(Z·u/v)).
    static func sqrtRatio(_ u: Fp, _ v: Fp) -> (Bool, Fp) {
        var tv1 = v.squared
        let tv2 = u * v
        tv1 = tv1 * tv2
        let y1 = tv1.power(Fp.pMinus3Over4) * tv2
        let y2 = y1 * sqrtMinusZ
        let isSquare = y1.squared * v == u
        return (isSquare, isSquare ? y1 : y2)
    }

    /// √(−Z) = √(−11), a square because −1 and Z are both non-squares.
    static let sqrtMinusZ = (-z).sqrt!

    /// The 11-isogeny E' → E at x = X/Z, returned in Jacobian coordinates with no inversion: each
    /// rational map's polynomial k is evaluated homogeneously, Σ k_i·X^i·Z^(d−i) = Z^d·k(X/Z).
    static func isogeny(_ p: (xNumerator: Fp, xDenominator: Fp, y: Fp)) -> G1Point {
        let x = p.xNumerator
        var zPowers = [Fp.one, p.xDenominator]
        for _ in 2...15 { zPowers.append(zPowers[zPowers.count - 1] * p.xDenominator) }
        func evaluate(_ k: [Fp]) -> Fp {
            let d = k.count - 1
            var acc = k[d]
            for i in stride(from: d - 1, through: 0, by: -1) { acc = acc * x + k[i] * zPowers[d - i] }
            return acc
        }
        // With XN = Z^11·xn, XD = Z^10·xd, YN = Z^15·yn, YD = Z^15·yd (the degrees 11, 10, 15, 15):
        // x = xn/xd = XN/(XD·Z) = A/B and y = y'·yn/yd = y'·YN/YD = C/D, so
        // X = A·B·D², Y = C·B³·D², Z = B·D.
        let a = evaluate(xNumerator)
        let b = evaluate(xDenominator) * p.xDenominator
        let c = p.y * evaluate(yNumerator)
        let d = evaluate(yDenominator)
        let d2 = d.squared
        let b2 = b.squared
        return G1Point(x: a * b * d2, y: c * b2 * b * d2, z: b * d)
    }

    /// `map_to_curve`: SWU then the isogeny.
    public static func mapToCurve(_ u: Fp) -> G1Point { isogeny(mapToIsogenous(u)) }

    /// h_eff = 1 - x = 0xd201000000010001.
    static let hEff: UInt64 = 0xD201_0000_0001_0001

    /// `hash_to_curve` for G1: a point of the prime-order subgroup, indistinguishable from random.
    public static func hashToG1(_ message: [UInt8], dst: [UInt8]) throws(BLSError) -> G1Point {
        let u = try hashToField(message, dst: dst, count: 2)
        return (mapToCurve(u[0]) + mapToCurve(u[1])).multiplied(bySparsePublic: hEff)
    }
}
