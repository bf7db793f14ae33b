/// The optimal ate pairing e: G1 × G2 → G_T ⊂ F_p¹² for BLS12-381 (x = -0xd201000000010000).
///
/// Lines come from untwisting G2 with ψ(x, y) = (x·w⁻², y·w⁻³) and are scaled by factors from
/// proper subfields, which the final exponentiation removes. The final exponentiation uses
/// 3·Φ₁₂(p)/r = (x−1)²(x+p)(x²+p²−1) + 3 (Hayashida–Hayasaka–Teruya), so `pairing` returns
/// the cube of the textbook value — still bilinear and non-degenerate (3 ∤ r), and the
/// signature checks only ever compare products with 1.
public enum Pairing {
    /// |x|, the BLS parameter (x itself is negative).
    static let xAbs: UInt64 = 0xD201_0000_0001_0000

    /// The line (a, b, c) at P as an element of F_p¹²: 1 times the line, as `evaluate` forms it.
    @inlinable
    static func lineElement(_ line: (Fp2, Fp2, Fp2), at p: (x: Fp, y: Fp)) -> Fp12 {
        Fp12(Fp6(line.0, line.1.scaled(by: p.x), .zero), Fp6(.zero, line.2.scaled(by: p.y), .zero))
    }

    @inlinable
    static func evaluate(_ f: Fp12, _ line: (Fp2, Fp2, Fp2), at p: (x: Fp, y: Fp)) -> Fp12 {
        f.multiplied(byLine: line.0, line.1.scaled(by: p.x), line.2.scaled(by: p.y))
    }

    /// A G2 point with its Miller-loop line coefficients computed once, for points used in many
    /// pairings (the generator in every signature check).
    public struct PreparedG2: Sendable {
        /// Line coefficients in loop order (doubling, then addition where x has a one bit).
        let lines: [(Fp2, Fp2, Fp2)]

        /// Runs the G2 side of the Miller loop for `q` (nil lines for the identity).
        public init(_ q: G2Point) {
            guard let qa = q.affine else {
                lines = []
                return
            }
            var t = LinePoint(affineX: qa.x, y: qa.y)
            var lines: [(Fp2, Fp2, Fp2)] = []
            lines.reserveCapacity(70)
            for bit in stride(from: 62, through: 0, by: -1) {
                lines.append(t.doublingStep())
                if (xAbs >> UInt64(bit)) & 1 == 1 { lines.append(t.additionStep(qa)) }
            }
            self.lines = lines
        }
    }

    /// ∏ f_{x,Q_i}(P_i): one Miller loop for many pairs, sharing the squarings. Pairs with an
    /// infinite point contribute 1.
    public static func millerLoop(_ pairs: [(G1Point, G2Point)]) -> Fp12 {
        millerLoop(prepared: pairs.map { ($0.0, PreparedG2($0.1)) })
    }

    /// The Miller loop over prepared G2 points.
    public static func millerLoop(prepared pairs: [(G1Point, PreparedG2)]) -> Fp12 {
        var ps: [(x: Fp, y: Fp)] = []
        var lines: [[(Fp2, Fp2, Fp2)]] = []
        for (p, q) in pairs {
            guard let pa = p.affine, !q.lines.isEmpty else { continue }
            ps.append(pa)
            lines.append(q.lines)
        }
        var f = Fp12.one
        var next = 0
        for bit in stride(from: 62, through: 0, by: -1) {
            // The first step would square 1 and multiply 1 by the first pair's line: it starts from
            // that line instead.
            if next > 0 { f = f.squared }
            for i in ps.indices {
                f = next == 0 && i == 0 ? lineElement(lines[0][0], at: ps[0]) : evaluate(f, lines[i][next], at: ps[i])
            }
            next += 1
            if (xAbs >> UInt64(bit)) & 1 == 1 {
                for i in ps.indices { f = evaluate(f, lines[i][next], at: ps[i]) }
                next += 1
            }
        }
        return f.conjugate  // x < 0
    }

    /// a^x for a in the cyclotomic subgroup (x < 0, so the result is conjugated).
    static func powerX(_ a: Fp12) -> Fp12 {
        var result = Fp12.one
        for bit in stride(from: 63, through: 0, by: -1) {
            result = result.cyclotomicSquared
            if (xAbs >> UInt64(bit)) & 1 == 1 { result = result * a }
        }
        return result.conjugate
    }

    /// f^(3·(p¹²−1)/r).
    public static func finalExponentiation(_ f: Fp12) -> Fp12 {
        let f1 = f.conjugate * f.inverse  // f^(p⁶−1)
        let f2 = f1.frobenius.frobenius * f1  // ^(p²+1): now in the cyclotomic subgroup
        var t0 = powerX(f2) * f2.conjugate  // f^(x−1)
        t0 = powerX(t0) * t0.conjugate  // f^((x−1)²)
        let t1 = powerX(t0) * t0.frobenius  // ^(x+p)
        let t2 = powerX(powerX(t1)) * t1.frobenius.frobenius * t1.conjugate  // ^(x²+p²−1)
        return t2 * f2.cyclotomicSquared * f2
    }

    /// e(P, Q) (cubed; see the type's note).
    public static func pairing(_ p: G1Point, _ q: G2Point) -> Fp12 {
        finalExponentiation(millerLoop([(p, q)]))
    }

    /// Whether ∏ e(P_i, Q_i) = 1, with one shared Miller loop and one final exponentiation.
    public static func productIsOne(_ pairs: [(G1Point, G2Point)]) -> Bool {
        finalExponentiation(millerLoop(pairs)).isOne
    }

    /// Whether ∏ e(P_i, Q_i) = 1 for prepared G2 points.
    public static func productIsOne(prepared pairs: [(G1Point, PreparedG2)]) -> Bool {
        finalExponentiation(millerLoop(prepared: pairs)).isOne
    }
}
