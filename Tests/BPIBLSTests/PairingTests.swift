import BPIBLS
import BPITestSupport
import Testing

@Suite("Pairing")
struct PairingTests {
    let g1 = G1Point.generator, g2 = G2Point.generator

    @Test("generators are on their curves and in the prime-order subgroups")
    func generators() {
        #expect(g1.isOnCurve && g2.isOnCurve)
        #expect(g1.isInSubgroup && g2.isInSubgroup)
        #expect(!g1.isInfinity && (g1 + (-g1)).isInfinity)
        #expect(g1.doubled == g1 + g1 && g2.doubled + g2 == g2 + g2.doubled)
    }

    @Test("bilinear: e(aP, bQ) = e(P, Q)^(ab); non-degenerate; e(P, Q)·e(-P, Q) = 1")
    func bilinearity() {
        let base = Pairing.pairing(g1, g2)
        #expect(!base.isOne)
        let a: [UInt64] = [0x1234_5678_9ABC_DEF1]
        let b: [UInt64] = [0x0FED_CBA9_8765_4321]
        let lhs = Pairing.pairing(g1.multiplied(byPublic: a), g2.multiplied(byPublic: b))
        let ab = Pairing.pairing(g1.multiplied(byPublic: [a[0] &* 1]).multiplied(byPublic: b), g2)
        #expect(lhs == ab)
        #expect(Pairing.pairing(g1.doubled, g2) == base * base)
        #expect(Pairing.pairing(g1, g2.doubled) == base * base)
        #expect(Pairing.productIsOne([(g1, g2), (-g1, g2)]))
        #expect(!Pairing.productIsOne([(g1, g2), (g1, g2)]))
        // The pairing lands in the r-torsion of F_p¹²*: e^r = 1.
        var acc = Fp12.one
        for limb in GroupOrder.limbs.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                acc = acc.squared
                if (limb >> UInt64(bit)) & 1 == 1 { acc = acc * base }
            }
        }
        #expect(acc.isOne)
    }
}

@Suite("Fp12")
struct Fp12Tests {
    @Test("cyclotomic squaring equals squaring on the cyclotomic subgroup; inverse and Frobenius behave")
    func cyclotomic() {
        var f = Pairing.millerLoop([(G1Point.generator, G2Point.generator)])
        #expect((f * f.inverse).isOne)
        // Frobenius is the p-power map: applying it 12 times is the identity, 6 times is conjugation.
        var g = f
        for _ in 0..<6 { g = g.frobenius }
        #expect(g == f.conjugate)
        for _ in 0..<6 { g = g.frobenius }
        #expect(g == f)
        // Easy part of the final exponentiation lands in the cyclotomic subgroup.
        f = f.conjugate * f.inverse
        f = f.frobenius.frobenius * f
        var a = f
        var b = f
        for _ in 0..<10 {
            a = a.squared
            b = b.cyclotomicSquared
        }
        #expect(a == b)
    }
}

@Suite("Subgroup checks")
struct SubgroupCheckTests {
    @Test("the endomorphism tests agree with [r]P = O on subgroup points and on random curve points outside")
    func agreement() throws {
        var rng = SeededGenerator(seed: 2021)
        var outside1 = 0
        var outside2 = 0
        for i in 0..<40 {
            // Points of the subgroups.
            let k = [UInt64.random(in: 1...UInt64.max, using: &rng)]
            #expect(G1Point.generator.multiplied(byPublic: k).isInSubgroup)
            #expect(G2Point.generator.multiplied(byPublic: k).isInSubgroup)
            // Random points of the curves (almost never in the subgroups).
            let x1 = Fp(UInt64(i) + 1_000)
            if let y = (x1.squared * x1 + G1Curve.b).sqrt {
                let p = G1Point(affineX: x1, affineY: y)
                #expect(p.isInSubgroup == p.isInSubgroupByOrder)
                if !p.isInSubgroupByOrder { outside1 += 1 }
            }
            let x2 = Fp2(Fp(UInt64(i) + 7), Fp(UInt64(i) + 11))
            if let y = (x2.squared * x2 + G2Curve.b).sqrt {
                let p = G2Point(affineX: x2, affineY: y)
                #expect(p.isInSubgroup == p.isInSubgroupByOrder)
                if !p.isInSubgroupByOrder { outside2 += 1 }
            }
        }
        #expect(outside1 > 5 && outside2 > 5)
    }
}
