/// `bpi bench --only devnet`: finality latency and payload throughput of real devnets (4 and 7
/// validator processes on loopback, 250 ms block time), through `DevnetDemo`.
public enum DevnetBenchmarks {
    /// Runs a 4- and a 7-validator devnet for 60 headers each, with 16 MiB of 16 KiB payloads.
    public static func run(progress: @escaping @Sendable (String) -> Void) async -> [BenchmarkFigure] {
        var figures: [BenchmarkFigure] = []
        for validators in [4, 7] {
            var o = DevnetDemo.Options()
            o.validators = validators
            o.headers = 60
            o.payloads = 1_024
            o.payloadBytes = 16 << 10
            o.timeoutSeconds = 120
            progress("devnet: \(validators) validators, 60 headers, 1,024 payloads of 16 KiB")
            do {
                let r = try await DevnetDemo.run(o) { _ in }
                let p50 = r.finalityP50Ms ?? .infinity
                let p95 = r.finalityP95Ms ?? .infinity
                figures += [
                    BenchmarkFigure(
                        name: "devnet \(validators) validators: finality p50 (median over nodes)", value: p50, unit: "ms",
                        target: "≤ 250 ms", met: p50 <= 250),
                    BenchmarkFigure(
                        name: "devnet \(validators) validators: finality p95 (worst node)", value: p95, unit: "ms",
                        target: "≤ 400 ms", met: p95 <= 400),
                    BenchmarkFigure(
                        name: "devnet \(validators) validators: payload throughput",
                        value: r.payloadThroughputBytesPerSecond / 1_048_576,
                        unit: "MiB/s"),
                    BenchmarkFigure(
                        name: "devnet \(validators) validators: safety and light-client verification", value: r.ok ? 1 : 0,
                        unit: "ok",
                        target: "1", met: r.ok),
                ]
            } catch {
                progress("devnet with \(validators) validators failed: \(error)")
                figures.append(
                    BenchmarkFigure(name: "devnet \(validators) validators: run", value: 0, unit: "ok", target: "1", met: false))
            }
        }
        return figures
    }
}
