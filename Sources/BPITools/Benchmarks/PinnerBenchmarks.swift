import BPIDA
import BPIHash
import BPIPinner
import BPIToolKit
import BPITypes
import Foundation

/// Issue 16's pinner and sampler figures: put and get of a 100 MiB object end to end (coding,
/// hashing, placement, storage, reading, checking, rebuilding) on the filesystem backend and on an
/// S3 server (`--s3` or `$BPI_S3_ENDPOINT`; moto on loopback from `scripts/s3 start`), MiB/s of
/// object; and the sampler's miss probability for the default plan beside a seeded simulation of
/// the minimal withholding attack.
public enum PinnerBenchmarks {
    public static func run(s3: String?, progress: @escaping @Sendable (String) -> Void) async -> [BenchmarkFigure] {
        var figures: [BenchmarkFigure] = []
        var rng = SplitMix64(state: 16)
        let object = rng.bytes(100 << 20)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bpi-bench-pinner-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        var backends: [(String, String?)] = [("filesystem", "file:" + root.appendingPathComponent("shards").path)]
        backends.append(("S3 (moto on loopback)", s3.map { "s3://bench-\(UInt32.random(in: 0...UInt32.max))?endpoint=\($0)" }))
        for (label, spec) in backends {
            progress("pinner: put and get 100 MiB on \(label)")
            guard let spec else {
                figures.append(
                    .failed("pinner put 100 MiB, \(label)", target: "runs", error: "no S3 server: --s3 URL or $BPI_S3_ENDPOINT"))
                continue
            }
            do {
                var environment = ProcessInfo.processInfo.environment
                if environment["AWS_ACCESS_KEY_ID"] == nil {
                    environment["AWS_ACCESS_KEY_ID"] = "bpi-bench"
                    environment["AWS_SECRET_ACCESS_KEY"] = "bpi-bench"
                }
                let store = try await ShardStoreSpec.open(spec, environment: environment)
                let pinner = try Pinner(home: root.appendingPathComponent("home-\(figures.count)").path, stores: [store])
                let t0 = Stopwatch.now()
                let record = try await pinner.put(object, parameters: .standard)
                let put = Double(Stopwatch.now() - t0) / 1e9
                let t1 = Stopwatch.now()
                let back = try await pinner.get(record.id)
                let get = Double(Stopwatch.now() - t1) / 1e9
                guard back == object else {
                    figures.append(
                        .failed("pinner get 100 MiB, \(label)", target: "bit-exact", error: "the object came back different"))
                    continue
                }
                figures.append(BenchmarkFigure(name: "pinner put 100 MiB, \(label)", value: 100 / put, unit: "MiB/s"))
                figures.append(BenchmarkFigure(name: "pinner get 100 MiB, \(label)", value: 100 / get, unit: "MiB/s"))
            } catch {
                figures.append(.failed("pinner put/get 100 MiB, \(label)", target: "runs", error: "\(error)"))
            }
        }
        progress("sampler: P_miss of the default plan, and a seeded simulation of the minimal withholding")
        for validators in [7, 100] {
            let plan = SamplingPlan.minimal(k: 10, n: 16, validators: validators)
            figures.append(
                BenchmarkFigure(
                    name: "sampler log2 P_miss, RS(10, 16), \(validators) validators (s = \(plan.perChunk) per chunk)",
                    value: plan.log2Miss, unit: "log2", target: "< −32", met: plan.log2Miss < -32))
        }
        let simulated = SamplingPlan(k: 10, n: 16, samplers: 2, perChunk: 3)
        let trials = 40_000
        let misses = simulated.simulateMinimalWithholding(trials: trials, seed: 36)
        let p = exp2(simulated.log2Miss)
        let sigma = (Double(trials) * p * (1 - p)).squareRoot()
        figures.append(
            BenchmarkFigure(
                name: "sampler simulated miss rate, s = 3, 2 samplers (\(trials) trials)", value: Double(misses) / Double(trials),
                unit: "", reference: p, referenceName: "exact C(9,3)²/C(16,3)²", target: "within 5σ of exact",
                met: abs(Double(misses) - p * Double(trials)) < 5 * sigma))
        return figures
    }
}
