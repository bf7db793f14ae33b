import BPILightClientTool
import BPITypes

/// The figures issue 5 names: the light client over 1,000 headers signed by 100 validators.
public enum LightClientBenchmarks {
    /// Generates the chain, then verifies it batched and one header at a time.
    public static func run(progress: (String) -> Void) -> [BenchmarkFigure] {
        progress("generating 1,000 headers signed by 100 validators")
        let name = "lc-verify 1,000 headers × 100 validators (signatures batched)"
        let generated: (Genesis, ChainFile)
        do {
            generated = try TestChain.generate(.init(validators: 100, headers: 1_000))
        } catch {
            return [.failed(name, target: "≤ 1 s (seed < 2 s)", error: "cannot generate the chain: \(error)")]
        }
        let (genesis, chain) = generated
        progress("verifying them as a light client")
        let report: LightClientTool.Report
        do {
            report = try LightClientTool.verify(genesis: genesis, chain: chain, timings: true)
        } catch {
            return [.failed(name, target: "≤ 1 s (seed < 2 s)", error: "\(error)")]
        }
        if let failure = report.failure {
            return [.failed(name, target: "≤ 1 s (seed < 2 s)", error: "the light client refused the chain: \(failure)")]
        }
        return [
            BenchmarkFigure(
                name: name, value: report.total, unit: "s",
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
