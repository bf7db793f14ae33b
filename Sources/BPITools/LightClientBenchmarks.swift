/// The figures issue 5 names: the light client over 1,000 headers signed by 100 validators.
public enum LightClientBenchmarks {
    /// Generates the chain, then verifies it batched and one header at a time.
    public static func run(progress: (String) -> Void) -> [BenchmarkFigure] {
        progress("generating 1,000 headers signed by 100 validators")
        guard let (genesis, chain) = try? TestChain.generate(.init(validators: 100, headers: 1_000)) else { return [] }
        progress("verifying them as a light client")
        guard let report = try? LightClientTool.verify(genesis: genesis, chain: chain), report.failure == nil else { return [] }
        return [
            BenchmarkFigure(
                name: "lc-verify 1,000 headers × 100 validators (signatures batched)", value: report.total, unit: "s",
                target: "≤ 1 s (seed < 2 s)", met: report.total <= 1),
            BenchmarkFigure(name: "lc-verify one header at a time: total", value: report.sequentialTotal, unit: "s"),
            BenchmarkFigure(
                name: "lc-verify one header at a time: p50", value: report.percentile(0.5) * 1e3, unit: "ms",
                target: "< 2 ms (seed)",
                met: report.percentile(0.5) < 2e-3),
            BenchmarkFigure(name: "lc-verify one header at a time: p95", value: report.percentile(0.95) * 1e3, unit: "ms"),
        ]
    }
}
