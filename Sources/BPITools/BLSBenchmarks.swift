import BPIBLS

/// The figures issue 4 names for BLS12-381.
public enum BLSBenchmarks {
    /// Runs them all.
    public static func run(progress: (String) -> Void) -> [BenchmarkFigure] {
        var figures: [BenchmarkFigure] = []
        progress("BLS12-381 Fp multiplication")
        var x = Fp(123_456_789)
        var y = Fp(987_654_321)
        let iterations = 1_000_000
        let mul = Stopwatch.secondsPerCall(samples: 5, iterations: 1) {
            for _ in 0..<iterations {
                x = x * y
                y = y + x
            }
        }
        blackHole(x)
        figures.append(
            BenchmarkFigure(name: "BLS12-381 Fp multiplication (+ addition)", value: mul / Double(iterations) * 1e9, unit: "ns"))

        progress("BLS12-381 pairing")
        let g1 = G1Point.generator
        let g2 = G2Point.generator
        let pairing = Stopwatch.secondsPerCall(samples: 5, iterations: 20) { blackHole(Pairing.pairing(g1, g2)) }
        figures.append(
            BenchmarkFigure(
                name: "BLS12-381 pairing (Miller loop + final exponentiation)", value: pairing * 1e3, unit: "ms",
                target: "≤ 1.5 ms", met: pairing <= 1.5e-3))
        let miller = Stopwatch.secondsPerCall(samples: 5, iterations: 20) { blackHole(Pairing.millerLoop([(g1, g2)])) }
        figures.append(BenchmarkFigure(name: "BLS12-381 Miller loop", value: miller * 1e3, unit: "ms"))
        return figures
    }

    @inline(never) static func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }
}
