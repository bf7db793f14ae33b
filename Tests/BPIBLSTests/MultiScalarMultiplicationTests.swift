import BPIBLS
import BPICodec
import BPITestSupport
import Foundation
import Testing

/// Pippenger multi-scalar multiplication (docs/SPEC.md §14.8) against the sum of single
/// multiplications, for G1 and G2 and every window path, and against py_ecc.
@Suite struct MultiScalarMultiplicationTests {
    static func scalar(_ rng: inout SeededGenerator, full: Bool) -> [UInt64] {
        // Below 2^255 (so below r only sometimes: MSM takes any 256-bit value), or small.
        full ? [rng.next(), rng.next(), rng.next(), rng.next() >> 1] : [rng.next() % 1_000, 0, 0, 0]
    }

    @Test(arguments: [0, 1, 3, 4, 5, 17, 64, 130])
    func g1MatchesTheSumOfMultiplications(n: Int) {
        var rng = SeededGenerator(seed: UInt64(n) + 7)
        let points = (0..<n).map { i in G1Point.generator.multiplied(byPublic: [UInt64(i) * 7 + 3, 0, 0, 0]) }
        let scalars = (0..<n).map { i in Self.scalar(&rng, full: i % 3 != 2) }
        let naive = zip(points, scalars).reduce(G1Point.infinity) { $0 + $1.0.multiplied(byPublic: $1.1) }
        #expect(G1Point.multiScalarMultiplication(points, scalars: scalars) == naive)
    }

    @Test(arguments: [2, 9, 33])
    func g2MatchesTheSumOfMultiplications(n: Int) {
        var rng = SeededGenerator(seed: UInt64(n) + 11)
        let points = (0..<n).map { i in G2Point.generator.multiplied(byPublic: [UInt64(i) * 5 + 2, 0, 0, 0]) }
        var scalars = (0..<n).map { _ in Self.scalar(&rng, full: true) }
        scalars[0] = [0, 0, 0, 0]  // a zero scalar adds nothing
        let naive = zip(points, scalars).reduce(G2Point.infinity) { $0 + $1.0.multiplied(byPublic: $1.1) }
        #expect(G2Point.multiScalarMultiplication(points, scalars: scalars) == naive)
    }

    @Test func pyEccAgrees() throws {
        var rng = SeededGenerator(seed: 99)
        for group in ["g1", "g2"] {
            let n = group == "g1" ? 12 : 5
            let scalars = (0..<n).map { _ in Self.scalar(&rng, full: true) }
            let hex = scalars.map { s in s.reversed().map { String(format: "%016llx", $0) }.joined() }
            let (ours, points): ([UInt8], [String])
            if group == "g1" {
                let p = (0..<n).map { G1Point.generator.multiplied(byPublic: [UInt64($0) + 1, 0, 0, 0]) }
                ours = G1Point.multiScalarMultiplication(p, scalars: scalars).compressed
                points = p.map { Hex.encode($0.compressed) }
            } else {
                let p = (0..<n).map { G2Point.generator.multiplied(byPublic: [UInt64($0) + 1, 0, 0, 0]) }
                ours = G2Point.multiScalarMultiplication(p, scalars: scalars).compressed
                points = p.map { Hex.encode($0.compressed) }
            }
            let request = try JSONSerialization.data(withJSONObject: ["group": group, "points": points, "scalars": hex])
            let answer = try JSONSerialization.jsonObject(with: try Oracle.run("groth16_oracle.py", ["msm"], input: request))
            #expect((answer as? [String: String])?["sum"] == Hex.encode(ours), "\(group)")
        }
    }
}
