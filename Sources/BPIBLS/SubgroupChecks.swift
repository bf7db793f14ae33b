/// Subgroup membership by endomorphisms (M. Scott, "A note on group membership tests for G1, G2
/// and GT on BLS pairing-friendly curves", 2021): about a third of the cost of [r]P = O.
extension G1Curve {
    /// A primitive cube root of unity β in F_p whose map φ(x, y) = (βx, y) acts on G1 as
    /// multiplication by −x²; chosen once by testing both candidates on the generator.
    static let beta: Fp = {
        var g: UInt64 = 2
        var root = Fp.one
        while root == .one {
            root = Fp(g).power(limbs: Limbs.pMinus1Over(3))
            g += 1
        }
        let gen = G1Point.generator
        let target = -timesXSquared(gen)
        return G1Point(x: gen.x * root, y: gen.y, z: gen.z) == target ? root : root.squared
    }()

    /// [x²]P (x² > 0).
    static func timesXSquared(_ p: G1Point) -> G1Point {
        p.multiplied(byPublic: [Pairing.xAbs]).multiplied(byPublic: [Pairing.xAbs])
    }

    /// P ∈ G1 ⇔ φ(P) = −[x²]P.
    public static func isInSubgroup(_ p: G1Point) -> Bool {
        if p.isInfinity { return true }
        return G1Point(x: p.x * beta, y: p.y, z: p.z) == -timesXSquared(p)
    }
}

extension G2Curve {
    /// ξ^(−(p−1)/3) and ξ^(−(p−1)/2): ψ = untwist ∘ Frobenius ∘ twist on the M-type twist.
    static let psiX = Fp2.xi.power(limbs: Limbs.pMinus1Over(3)).inverse
    static let psiY = Fp2.xi.power(limbs: Limbs.pMinus1Over(2)).inverse

    /// ψ(P) in Jacobian coordinates (conjugation is a field automorphism, so it applies to X, Y, Z).
    static func psi(_ p: G2Point) -> G2Point {
        G2Point(x: p.x.conjugate * psiX, y: p.y.conjugate * psiY, z: p.z.conjugate)
    }

    /// P ∈ G2 ⇔ ψ(P) = [x]P (x < 0).
    public static func isInSubgroup(_ p: G2Point) -> Bool {
        if p.isInfinity { return true }
        return psi(p) == -p.multiplied(byPublic: [Pairing.xAbs])
    }
}
