import BPIBLS
import BPICodec
import BPIToolKit
import Foundation

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
            // The chain runs on locals (as a C loop would), not on the captured variables: those
            // live in a heap box, and every step would go through it.
            var a = x
            var b = y
            for _ in 0..<iterations {
                a = a * b
                b = b + a
            }
            x = a
            y = b
        }
        blackHole(x)
        figures.append(
            versusBLST("BLS12-381 Fp multiplication (+ addition, chained)", mul / Double(iterations) * 1e9, "ns", blst: 25.5))

        progress("BLS12-381 pairing")
        let g1 = G1Point.generator
        let g2 = G2Point.generator
        let pairing = Stopwatch.secondsPerCall(samples: 5, iterations: 20) { blackHole(Pairing.pairing(g1, g2)) }
        figures.append(
            versusBLST(
                "BLS12-381 pairing (Miller loop + final exponentiation)", pairing * 1e3, "ms", blst: 0.445,
                seed: ("≤ 1.5 ms", pairing <= 1.5e-3)))
        let miller = Stopwatch.secondsPerCall(samples: 5, iterations: 20) { blackHole(Pairing.millerLoop([(g1, g2)])) }
        figures.append(versusBLST("BLS12-381 Miller loop", miller * 1e3, "ms", blst: 0.187))

        progress("BLS12-381 scalar multiplication and hashing")
        let sk = BLSSecretKey.generate()
        let scalar = Array(sk.bytes)
        let g1Mul = Stopwatch.secondsPerCall(samples: 5, iterations: 20) { blackHole(try! BLSSecretKey(bytes: scalar).sign([1])) }
        let hash = Stopwatch.secondsPerCall(samples: 5, iterations: 50) {
            blackHole(try! SSWU.hashToG1([1], dst: BLS.signatureDST))
        }
        let g2Mul = Stopwatch.secondsPerCall(samples: 5, iterations: 20) { blackHole(sk.publicKey) }
        figures.append(versusBLST("hash-to-G1 (RFC 9380, SSWU)", hash * 1e6, "µs", blst: 41))
        figures.append(versusBLST("BLS sign (hash-to-G1 + G1 scalar multiplication)", g1Mul * 1e6, "µs", blst: 110))
        figures.append(
            BenchmarkFigure(name: "G1 scalar multiplication (sign minus hashing)", value: (g1Mul - hash) * 1e6, unit: "µs"))
        figures.append(versusBLST("G2 scalar multiplication (SkToPk)", g2Mul * 1e6, "µs", blst: 133))

        progress("constant time: secret-scalar routines on a sparse and a dense key")
        figures.append(contentsOf: constantTimeChecks())

        progress("FastAggregateVerify over 100 keys, AggregateVerify over 10 messages")
        let keys = (0..<100).map { _ in BLSSecretKey.generate() }
        let publicKeys = keys.map(\.publicKey)
        let message = [UInt8]("header 42".utf8)
        let aggregate = try! BLS.aggregate(keys.map { $0.sign(message) })
        let fav = Stopwatch.secondsPerCall(samples: 7, iterations: 10) {
            blackHole(BLS.fastAggregateVerify(publicKeys: publicKeys, message: message, signature: aggregate))
        }
        figures.append(
            versusBLST(
                "FastAggregateVerify, 100 keys (aggregation included)", fav * 1e3, "ms", blst: 0.85,
                seed: ("≤ 2 ms", fav <= 2e-3)))
        let messages = (0..<10).map { [UInt8]("message \($0)".utf8) }
        let distinct = try! BLS.aggregate(zip(keys, messages).map { $0.sign($1) })
        let av = Stopwatch.secondsPerCall(samples: 5, iterations: 5) {
            blackHole(BLS.aggregateVerify(publicKeys: Array(publicKeys.prefix(10)), messages: messages, signature: distinct))
        }
        figures.append(BenchmarkFigure(name: "AggregateVerify, 10 distinct messages", value: av * 1e3, unit: "ms"))
        figures.append(groth16(pairingSeconds: pairing, progress: progress))
        return figures
    }

    /// Issue 19's timing check of the constant-time routines (SPEC §6): SkToPk and signing with a
    /// key of two one bits (2²⁵⁴ + 1) and one of alternating bits (0x1555…55), timed in 15
    /// interleaved rounds, the fastest round of each compared — the ratio must stay within 5 %. The
    /// same two scalars through the variable-time public-scalar routine (width-5 NAF: 2 against
    /// about 85 additions) must differ by more than 20 %, or the check could not see a dependence
    /// and counts as missed.
    static func constantTimeChecks() -> [BenchmarkFigure] {
        let sparse: [UInt8] = [0x40] + [UInt8](repeating: 0, count: 30) + [0x01]
        let dense: [UInt8] = [0x15] + [UInt8](repeating: 0x55, count: 31)
        guard let a = try? BLSSecretKey(bytes: sparse), let b = try? BLSSecretKey(bytes: dense) else {
            return [.failed("constant-time check", target: "runs", error: "the check's keys were refused")]
        }
        let point = G2Point.generator.multiplied(bySecret: [0x0FED_CBA9_8765_4321])
        let limbs = { (bytes: [UInt8]) -> [UInt64] in
            (0..<4).map { i in bytes[(24 - 8 * i)..<(32 - 8 * i)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        }
        let (sparseLimbs, denseLimbs) = (limbs(sparse), limbs(dense))
        func ratio(_ calls: Int, _ first: () -> Void, _ second: () -> Void) -> Double {
            var best = (Double.infinity, Double.infinity)
            for _ in 0..<15 {
                best.0 = min(best.0, Stopwatch.secondsPerCall(samples: 1, iterations: calls, first))
                best.1 = min(best.1, Stopwatch.secondsPerCall(samples: 1, iterations: calls, second))
            }
            return max(best.0, best.1) / min(best.0, best.1)
        }
        let skToPk = ratio(10, { blackHole(a.publicKey) }, { blackHole(b.publicKey) })
        let sign = ratio(10, { blackHole(a.sign([1])) }, { blackHole(b.sign([1])) })
        let publicScalar = ratio(
            10, { blackHole(point.multiplied(byPublic: sparseLimbs)) }, { blackHole(point.multiplied(byPublic: denseLimbs)) })
        return [
            BenchmarkFigure(
                name: "constant time: SkToPk, slower ÷ faster of a sparse and a dense key", value: skToPk, unit: "×",
                target: "≤ 1.05", met: skToPk <= 1.05),
            BenchmarkFigure(
                name: "constant time: sign, slower ÷ faster of a sparse and a dense key", value: sign, unit: "×",
                target: "≤ 1.05", met: sign <= 1.05),
            BenchmarkFigure(
                name: "the check's contrast: variable-time G2 multiplication by the same two scalars", value: publicScalar,
                unit: "×", target: "> 1.2 (the check sees a dependence)", met: publicScalar > 1.2),
        ]
    }

    /// A figure beside blst's on this machine — the README's anchors, timed from blst's public API
    /// on 2026-11-26 (not in this run: the project does not build blst) — with issue 19's target of
    /// at most 1.5× it, and the seed's own target where there is one.
    static func versusBLST(
        _ name: String, _ value: Double, _ unit: String, blst: Double, seed: (target: String, met: Bool)? = nil
    ) -> BenchmarkFigure {
        let target = (seed.map { $0.target + ", " } ?? "") + "≤ 1.5× blst"
        return BenchmarkFigure(
            name: name, value: value, unit: unit, reference: blst, referenceName: "blst (README anchor)", target: target,
            met: value <= 1.5 * blst && (seed?.met ?? true))
    }

    @inline(never) static func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

    /// Issue 15's figure: one Groth16 verification (proof decoded with its subgroup checks, a
    /// 3-point MSM, three Miller loops, one final exponentiation) beside one pairing, on the
    /// range-v1 example claim (examples/agreements/range-claim, read from the current directory).
    static func groth16(pairingSeconds: Double, progress: (String) -> Void) -> BenchmarkFigure {
        progress("Groth16 verification (examples/agreements/range-claim)")
        let dir = URL(fileURLWithPath: "examples/agreements/range-claim")
        do {
            let key = try Groth16VerifyingKey(
                canonicalBytes: [UInt8](try Data(contentsOf: dir.appendingPathComponent("range-v1.vk"))))
            let proofBytes = try Hex.decode(
                try String(contentsOf: dir.appendingPathComponent("proof.hex"), encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines))
            let inputs = try String(contentsOf: dir.appendingPathComponent("inputs.txt"), encoding: .utf8)
                .split(separator: "\n").map { try Hex.decode(String($0)) }
            var holds = true
            let seconds = Stopwatch.secondsPerCall(samples: 5, iterations: 10) {
                holds =
                    holds
                    && ((try? Groth16.verify(key: key, proof: try Groth16Proof(bytes: proofBytes), inputs: inputs)) ?? false)
            }
            guard holds else {
                return .failed("Groth16 verification", target: "verifies", error: "the example claim did not verify")
            }
            return BenchmarkFigure(
                name: "Groth16 verification over BLS12-381 (2 public inputs, proof decoding included)", value: seconds * 1e3,
                unit: "ms", reference: pairingSeconds * 1e3, referenceName: "one pairing")
        } catch {
            return .failed(
                "Groth16 verification", target: "runs",
                error: "\(error) (run from the repository root: it reads examples/agreements/range-claim)")
        }
    }
}
