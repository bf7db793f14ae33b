import BPIBLS
import BPITestSupport
import Testing

/// Multiplication by a public scalar (width-w NAF over odd multiples) against the secret-scalar
/// ladder (one doubling and one selected addition per bit): the same point for every scalar shape.
@Suite("Scalar multiplication")
struct ScalarMultiplicationTests {
    /// Scalars: zero, one, small, every digit pattern the recoding carries through (runs of ones,
    /// limbs all ones, alternating bits), the group order minus one, and random 64- to 256-bit ones.
    static var scalars: [[UInt64]] {
        var rng = SeededGenerator(seed: 0x6e61_66)
        var out: [[UInt64]] = [
            [0], [1], [2], [3], [15], [16], [31], [0xFFFF_FFFF_FFFF_FFFF], [0x8000_0000_0000_0000],
            [0xAAAA_AAAA_AAAA_AAAA], [0x5555_5555_5555_5555, 0x5555_5555_5555_5555], [.max, .max, .max, .max], [0, 0, 1],
            [
                0xFFFF_FFFF_0000_0000, 0x53BD_A402_FFFE_5BFE, 0x3339_D808_09A1_D805, 0x73ED_A753_299D_7D48,
            ],
        ]
        for limbs in [1, 1, 2, 4, 4] {
            for _ in 0..<6 { out.append((0..<limbs).map { _ in rng.next() }) }
        }
        return out
    }

    @Test("G1 and G2: [k]P by public scalar equals the secret-scalar ladder for 44 scalars, zero and infinity included")
    func publicMatchesSecret() {
        let g1 = G1Point.generator.multiplied(bySecret: [0x1234_5678_9ABC_DEF1])
        let g2 = G2Point.generator.multiplied(bySecret: [0x0FED_CBA9_8765_4321])
        var compared = 0
        for k in Self.scalars {
            #expect(g1.multiplied(byPublic: k) == g1.multiplied(bySecret: k), "G1 \(k)")
            #expect(g2.multiplied(byPublic: k) == g2.multiplied(bySecret: k), "G2 \(k)")
            compared += 1
        }
        #expect(compared == 44)
        #expect(G1Point.generator.multiplied(byPublic: [0]).isInfinity && G1Point.infinity.multiplied(byPublic: [7]).isInfinity)
        // k and k + 1 differ by P: the recoding is not off by a carry.
        #expect(g1.multiplied(byPublic: [.max, 0]) + g1 == g1.multiplied(byPublic: [0, 1]))
    }

    @Test("G1 and G2: double-and-add for sparse 64-bit scalars (the G1 cofactor) equals the public-scalar NAF")
    func sparseMatchesPublic() {
        let g1 = G1Point.generator.multiplied(bySecret: [0x1234_5678_9ABC_DEF1])
        let g2 = G2Point.generator.multiplied(bySecret: [0x0FED_CBA9_8765_4321])
        let single = Self.scalars.filter { $0.count == 1 }.map { $0[0] } + [0xD201_0000_0001_0001]
        for k in single {
            #expect(g1.multiplied(bySparsePublic: k) == g1.multiplied(byPublic: [k]), "G1 \(k)")
            #expect(g2.multiplied(bySparsePublic: k) == g2.multiplied(byPublic: [k]), "G2 \(k)")
        }
        #expect(single.count == 23 && g1.multiplied(bySparsePublic: 0).isInfinity)
        #expect(G1Point.infinity.multiplied(bySparsePublic: 0xD201_0000_0001_0001).isInfinity)
    }

    /// The group order r, little-endian limbs.
    static let r: [UInt64] = [0xFFFF_FFFF_0000_0001, 0x53BD_A402_FFFE_5BFE, 0x3339_D808_09A1_D805, 0x73ED_A753_299D_7D48]

    /// Whether k (little-endian limbs) is below r.
    static func belowR(_ k: [UInt64]) -> Bool {
        let padded = k + [UInt64](repeating: 0, count: 4 - k.count)
        for i in stride(from: 3, through: 0, by: -1) where padded[i] != r[i] { return padded[i] < r[i] }
        return false
    }

    /// Scalars below r for the endomorphism routines: the shapes above, r − 1, the digit edges
    /// u − 1, u, u² − 1, u², u² + 1 (base-u and base-u² carries), 2^128, and 20 random 255-bit ones.
    static func scalarsBelowR(seed: UInt64) -> [[UInt64]] {
        var rng = SeededGenerator(seed: seed)
        let u = UInt64(0xD201_0000_0001_0000)
        let uSquared = u.multipliedFullWidth(by: u)
        var scalars =
            Self.scalars + [
                [r[0] - 1, r[1], r[2], r[3]], [u - 1], [u], [uSquared.low &- 1, uSquared.high], [uSquared.low, uSquared.high],
                [uSquared.low + 1, uSquared.high], [0, 0, 1],
            ]
        for _ in 0..<20 { scalars.append([rng.next(), rng.next(), rng.next(), rng.next() & 0x3FFF_FFFF_FFFF_FFFF]) }
        return scalars.filter(belowR)
    }

    @Test(
        "G2 by the GLS endomorphism equals the secret-scalar ladder for every scalar below r: zero, one, r − 1, digit edges, random"
    )
    func glsMatchesLadder() {
        let p = G2Point.generator.multiplied(bySecret: [0x0FED_CBA9_8765_4321])
        let scalars = Self.scalarsBelowR(seed: 0x676c_73)
        for k in scalars { #expect(p.multipliedGLS(bySecret: k) == p.multiplied(bySecret: k), "\(k)") }
        #expect(scalars.count >= 60)
        #expect(G2Point.generator.multipliedGLS(bySecret: [0]).isInfinity)
    }

    @Test(
        "G1 by the GLV endomorphism equals the secret-scalar ladder for every scalar below r: zero, one, r − 1, digit edges, random"
    )
    func glvMatchesLadder() {
        let p = G1Point.generator.multiplied(bySecret: [0x1234_5678_9ABC_DEF1])
        let scalars = Self.scalarsBelowR(seed: 0x676c_76)
        for k in scalars { #expect(p.multipliedGLV(bySecret: k) == p.multiplied(bySecret: k), "\(k)") }
        #expect(scalars.count >= 60)
        #expect(G1Point.generator.multipliedGLV(bySecret: [0]).isInfinity)
    }
}
