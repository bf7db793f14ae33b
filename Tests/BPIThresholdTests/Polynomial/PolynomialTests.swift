import BPIBLS
import BPIThreshold
import Testing

@Suite("Secret polynomials, Feldman commitments, Lagrange")
struct PolynomialTests {
    @Test("any threshold of shares interpolates f(0); fewer do not")
    func interpolation() throws {
        let f = SecretPolynomial(randomOfDegree: 3)
        let secret = f.evaluate(at: .zero)
        for subset in [[1, 2, 3, 4], [2, 5, 7, 9], [10, 3, 6, 1]] as [[UInt32]] {
            let l = try Lagrange.coefficientsAtZero(subset)
            #expect(zip(subset, l).reduce(Fr.zero) { $0 + f.share(for: $1.0) * $1.1 } == secret)
        }
        let three: [UInt32] = [1, 2, 3]
        let l3 = try Lagrange.coefficientsAtZero(three)
        #expect(zip(three, l3).reduce(Fr.zero) { $0 + f.share(for: $1.0) * $1.1 } != secret)
    }

    @Test("Lagrange refuses a zero or repeated index")
    func lagrangeRefusals() {
        #expect(throws: ThresholdError.duplicateIndex(2)) { try Lagrange.coefficientsAtZero([1, 2, 2]) }
        #expect(throws: ThresholdError.self) { try Lagrange.coefficientsAtZero([0, 1]) }
    }

    @Test("a commitment verifies exactly the committed shares and decodes only subgroup points with a non-identity constant")
    func commitment() throws {
        let f = SecretPolynomial(randomOfDegree: 2)
        let c = f.commitment
        for j: UInt32 in 1...5 {
            #expect(c.verifies(share: f.share(for: j), for: j))
            #expect(!c.verifies(share: f.share(for: j) + .one, for: j))
            #expect(!c.verifies(share: f.share(for: j), for: j + 1))
        }
        #expect(c.constant == G2Point.generator.multiplied(by: f.evaluate(at: .zero)))
        #expect(try FeldmanCommitment(compressed: c.compressed) == c)
        #expect(throws: ThresholdError.self) { try FeldmanCommitment(compressed: []) }
        #expect(throws: ThresholdError.self) { try FeldmanCommitment(compressed: [G2Point.infinity.compressed]) }
        var bad = c.compressed
        bad[1][5] ^= 1
        #expect(throws: ThresholdError.self) { try FeldmanCommitment(compressed: bad) }
        // The sum of commitments commits to the sum of polynomials.
        let g = SecretPolynomial(randomOfDegree: 2)
        #expect(FeldmanCommitment.sum([c, g.commitment]).verifies(share: f.share(for: 4) + g.share(for: 4), for: 4))
    }
}
