import BPIBLS
import BPITestSupport
import Foundation
import Testing

/// The MULX/ADCX/ADOX assembly kernel for F_p products (`CBPIFp`) against the portable Swift
/// routine: the same bytes on random inputs and on the edges of the Montgomery representation.
/// `BPI_FP_CROSSCHECK_COUNT` sets how many random pairs (CI: the default 20,000; the kernel was
/// also run on 1,000,000: `BPI_FP_CROSSCHECK_COUNT=1000000 swift test --filter FpKernel`).
@Suite("F_p kernels")
struct FpKernelTests {
    /// p's limbs, little-endian.
    static let p: [UInt64] = [
        0xB9FE_FFFF_FFFF_AAAB, 0x1EAB_FFFE_B153_FFFF, 0x6730_D2A0_F6B0_F624, 0x6477_4B84_F385_12BF, 0x4B1B_A7B6_434B_ACD7,
        0x1A01_11EA_397F_E69A,
    ]

    /// p − k for a small k.
    static func pMinus(_ k: UInt64) -> [UInt64] { [p[0] - k] + p.dropFirst() }

    /// Montgomery forms at the edges: 0, 1, 2, p − 1, p − 2, each lower limb alone all ones, every
    /// lower limb all ones under p's top limb minus one, p's top limb alone; and the elements 1,
    /// −1 and 2.
    static var edges: [Fp] {
        var limbs: [[UInt64]] = [[0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [2, 0, 0, 0, 0, 0], pMinus(1), pMinus(2)]
        for i in 0..<5 {
            var l = [UInt64](repeating: 0, count: 6)
            l[i] = .max
            limbs.append(l)
        }
        limbs.append([.max, .max, .max, .max, .max, p[5] - 1])
        limbs.append([0, 0, 0, 0, 0, p[5]])
        return limbs.map { Fp(montgomeryLimbs: $0)! } + [Fp.one, -Fp.one, Fp.one + Fp.one]
    }

    /// A random element in Montgomery form: mostly from the whole range below p, every eighth draw
    /// just below p.
    static func random(_ rng: inout SeededGenerator) -> Fp {
        while true {
            var l = (0..<6).map { _ in rng.next() }
            l[5] = rng.next() % 8 == 0 ? p[5] - 1 : l[5] % (p[5] + 1)
            if let x = Fp(montgomeryLimbs: l) { return x }
        }
    }

    @Test("out-of-range Montgomery limbs are refused; the edges are taken")
    func montgomeryLimbs() {
        #expect(Fp(montgomeryLimbs: Self.p) == nil)
        #expect(Fp(montgomeryLimbs: [0, 0, 0, 0, 0, .max]) == nil)
        #expect(Fp(montgomeryLimbs: [1, 2, 3]) == nil)
        #expect(Self.edges.count == 15 && Self.edges.allSatisfy { Fp(montgomeryLimbs: $0.montgomeryLimbs) == $0 })
    }

    @Test(
        "the MULX kernel gives the portable routine's bytes on every pair of edges and on random pairs",
        .enabled(if: FpKernel.isAvailable(.mulx), "this CPU has no BMI2 and ADX: the kernel cannot run here"))
    func crossCheck() {
        let count = ProcessInfo.processInfo.environment["BPI_FP_CROSSCHECK_COUNT"].flatMap(Int.init) ?? 20_000
        var compared = 0
        var mismatches: [String] = []
        func check(_ a: Fp, _ b: Fp) {
            let x = FpKernel.multiply(a, b, with: .mulx)
            let y = FpKernel.multiply(a, b, with: .portable)
            compared += 1
            if x.montgomeryLimbs != y.montgomeryLimbs, mismatches.count < 5 {
                mismatches.append("\(a.montgomeryLimbs) × \(b.montgomeryLimbs)")
            }
        }
        for a in Self.edges {
            for b in Self.edges { check(a, b) }
        }
        var rng = SeededGenerator(seed: 0x6d75_6c78)
        for _ in 0..<count { check(Self.random(&rng), Self.random(&rng)) }
        #expect(compared == Self.edges.count * Self.edges.count + count)
        #expect(mismatches.isEmpty, "\(mismatches)")
        // A chain of 10,000 products (each the next one's input) ends on the same element.
        var x = Self.edges[3]
        var y = Self.edges[3]
        let k = Fp(montgomeryLimbs: [7, 6, 5, 4, 3, 2])!
        for _ in 0..<10_000 {
            x = FpKernel.multiply(x, k, with: .mulx) + k
            y = FpKernel.multiply(y, k, with: .portable) + k
        }
        #expect(x == y && x != Self.edges[3])
    }

    @Test(
        "the F_p² and F_p⁴ kernels (lazy reduction) give the portable formulas' bytes on pairs of edges and on random pairs",
        .enabled(if: FpKernel.isAvailable(.mulx), "this CPU has no BMI2 and ADX: the kernels cannot run here"))
    func crossCheckFp2() {
        let count = ProcessInfo.processInfo.environment["BPI_FP_CROSSCHECK_COUNT"].flatMap(Int.init) ?? 20_000
        var compared = 0
        var mismatches: [String] = []
        func check(_ a: Fp2, _ b: Fp2) {
            let product = FpKernel.multiply(a, b, with: .mulx)
            let square = FpKernel.square(a, with: .mulx)
            let fp4 = FpKernel.fp4Square(a, b, with: .mulx)
            let fp4Portable = FpKernel.fp4Square(a, b, with: .portable)
            compared += 1
            if product != FpKernel.multiply(a, b, with: .portable) || square != FpKernel.square(a, with: .portable)
                || fp4.0 != fp4Portable.0 || fp4.1 != fp4Portable.1,
                mismatches.count < 5
            {
                mismatches.append("(\(a.c0.montgomeryLimbs), \(a.c1.montgomeryLimbs)) × (\(b.c0.montgomeryLimbs), …)")
            }
        }
        // Every coordinate pair of edges, against a few edge multipliers (the borrow of a0·b0 − a1·b1
        // and the largest sums are taken at the edges).
        let edges = Self.edges
        let multipliers = [edges[0], edges[1], edges[3], edges[10], edges[14]]
        for x in edges {
            for y in edges {
                for m0 in multipliers {
                    for m1 in multipliers { check(Fp2(x, y), Fp2(m0, m1)) }
                }
            }
        }
        var rng = SeededGenerator(seed: 0x6670_3278)
        for _ in 0..<count {
            check(Fp2(Self.random(&rng), Self.random(&rng)), Fp2(Self.random(&rng), Self.random(&rng)))
        }
        #expect(compared == edges.count * edges.count * multipliers.count * multipliers.count + count)
        #expect(mismatches.isEmpty, "\(mismatches)")
        // Aliasing as the tower uses it: x = x·x and x = x² in place, 1,000 times each.
        var x = Fp2(edges[3], edges[13])
        var y = x
        for _ in 0..<1_000 {
            x = FpKernel.square(FpKernel.multiply(x, x, with: .mulx) + .one, with: .mulx)
            y = FpKernel.square(FpKernel.multiply(y, y, with: .portable) + .one, with: .portable)
        }
        #expect(x == y && x != Fp2(edges[3], edges[13]))
    }

    @Test(
        "the F_p⁶ kernel gives Karatsuba's bytes over the portable F_p² product, aliased or not",
        .enabled(if: FpKernel.isAvailable(.mulx), "this CPU has no BMI2 and ADX: the kernels cannot run here"))
    func crossCheckFp6() {
        let count = (ProcessInfo.processInfo.environment["BPI_FP_CROSSCHECK_COUNT"].flatMap(Int.init) ?? 20_000) / 10
        var rng = SeededGenerator(seed: 0x6670_3678)
        let edges = Self.edges
        func element(_ k: Int) -> Fp2 {
            // Every fourth coordinate an edge (0, 1, p − 1, limbs all ones, …), the rest random.
            Fp2(
                k % 4 == 0 ? edges[k % edges.count] : Self.random(&rng),
                k % 4 == 1 ? edges[(k * 7) % edges.count] : Self.random(&rng))
        }
        var mismatches = 0
        for k in 0..<count {
            let a = Fp6(element(3 * k), element(3 * k + 1), element(3 * k + 2))
            let b = Fp6(element(5 * k + 1), element(5 * k + 2), element(5 * k + 3))
            if FpKernel.multiply(a, b, with: .mulx) != FpKernel.multiply(a, b, with: .portable) { mismatches += 1 }
        }
        #expect(count > 0 && mismatches == 0, "\(mismatches) of \(count) F_p⁶ products differ")
        // In place, as the tower uses it: x = x·x, 500 times.
        let start = Fp6(element(1), element(2), element(3))
        var x = start
        var y = start
        for _ in 0..<500 {
            x = FpKernel.multiply(x, x, with: .mulx)
            y = FpKernel.multiply(y, y, with: .portable)
        }
        #expect(x == y && x != start)
    }

    @Test(
        "the cyclotomic-square kernel gives the Granger–Scott formula's bytes over portable F_p⁴ squares, in place or not",
        .enabled(if: FpKernel.isAvailable(.mulx), "this CPU has no BMI2 and ADX: the kernels cannot run here"))
    func crossCheckCyclotomic() {
        let count = (ProcessInfo.processInfo.environment["BPI_FP_CROSSCHECK_COUNT"].flatMap(Int.init) ?? 20_000) / 10
        var rng = SeededGenerator(seed: 0x6379_636c)
        let edges = Self.edges
        func element(_ k: Int) -> Fp2 {
            Fp2(k % 5 == 0 ? edges[k % edges.count] : Self.random(&rng), Self.random(&rng))
        }
        var mismatches = 0
        for k in 0..<count {
            let a = Fp12(
                Fp6(element(6 * k), element(6 * k + 1), element(6 * k + 2)),
                Fp6(element(6 * k + 3), element(6 * k + 4), element(6 * k + 5)))
            if FpKernel.cyclotomicSquare(a, with: .mulx) != FpKernel.cyclotomicSquare(a, with: .portable) { mismatches += 1 }
        }
        #expect(count > 0 && mismatches == 0, "\(mismatches) of \(count) cyclotomic squares differ")
        // On the cyclotomic subgroup it is the square: a pairing value, squared both ways 64 times.
        var x = Pairing.pairing(G1Point.generator, G2Point.generator)
        var y = x
        for _ in 0..<64 {
            x = FpKernel.cyclotomicSquare(x, with: .mulx)
            y = y.squared
        }
        #expect(x == y && !x.isOne)
    }

    @Test(
        "the G1 doubling kernel gives dbl-2009-l's bytes over the portable field, at Z = 1 and in Jacobian coordinates",
        .enabled(if: FpKernel.active == .mulx, "the kernels are not in use here (no BMI2 and ADX, or BPI_FP_KERNEL=portable)"))
    func crossCheckG1Doubling() {
        // Points with Z = 1 and with a random Z (multiples of the generator), and a point off the
        // curve: the formula is compared, not group membership.
        var points = [G1Point.generator]
        var rng = SeededGenerator(seed: 0x6731_6462)
        for _ in 0..<200 { points.append(points[points.count - 1] + G1Point.generator.multiplied(byPublic: [rng.next()])) }
        points.append(G1Point(x: Self.random(&rng), y: Self.random(&rng), z: Self.random(&rng)))
        var mismatches = 0
        for p in points {
            let kernel = p.doubled
            let portable = p.portableDoubled
            if kernel.x != portable.x || kernel.y != portable.y || kernel.z != portable.z { mismatches += 1 }
        }
        #expect(points.count == 202 && mismatches == 0, "\(mismatches) of \(points.count) doublings differ")
        #expect(G1Point.infinity.doubled.isInfinity)
    }

    @Test("runs of squarings (self^(2^n), chained in C where the kernel runs) equal n portable squares")
    func squaringRuns() {
        var rng = SeededGenerator(seed: 0x7371_726e)
        for n in [0, 1, 2, 5, 64, 381] {
            let x = Self.random(&rng)
            var y = x
            for _ in 0..<n { y = FpKernel.multiply(y, y, with: .portable) }
            #expect(x.squared(times: n) == y, "n = \(n)")
        }
        #expect(Fp.one.squared(times: 10) == .one && Fp.zero.squared(times: 3) == .zero)
    }

    @Test("the kernel in use is the MULX one on a CPU that has it, unless BPI_FP_KERNEL=portable asks otherwise")
    func choice() {
        let forced = ProcessInfo.processInfo.environment["BPI_FP_KERNEL"] == "portable"
        #expect(FpKernel.active == (FpKernel.isAvailable(.mulx) && !forced ? .mulx : .portable))
    }
}
