import Foundation

/// Runs every benchmark `bpi bench` knows and renders the figures for people or scripts.
public enum BenchmarkReport {
    /// The benchmark groups, in the order they run. `simulate` (100,000 simulator schedules, about
    /// half an hour) runs only when named with `--only`.
    public static let groups = [
        "hash", "crypto", "bls", "threshold", "lightclient", "poh", "docklock", "da", "registry", "frames", "devnet",
        "censorship", "anchors", "evidence", "simulate",
    ]
    /// The groups a plain `bpi bench` runs.
    public static let defaultGroups: Set<String> = [
        "hash", "crypto", "bls", "threshold", "lightclient", "poh", "docklock", "da", "registry", "frames", "devnet",
        "censorship", "anchors", "evidence",
    ]

    /// The figures of the selected groups (all when `only` is empty), in a fixed order;
    /// progress lines go to `progress`.
    public static func run(only: Set<String> = [], progress: (String) -> Void) -> [BenchmarkFigure] {
        var figures: [BenchmarkFigure] = []
        let selected = only.isEmpty ? defaultGroups : only
        if selected.contains("hash") {
            figures += HashBenchmarks.blake3(progress: progress) + HashBenchmarks.merkle(progress: progress)
        }
        if selected.contains("crypto") { figures += CryptoBenchmarks.run(progress: progress) }
        if selected.contains("bls") { figures += BLSBenchmarks.run(progress: progress) }
        if selected.contains("lightclient") { figures += LightClientBenchmarks.run(progress: progress) }
        if selected.contains("poh") { figures += PoHBenchmarks.run(progress: progress) }
        if selected.contains("docklock") { figures += DockLockBenchmarks.run(progress: progress) }
        if selected.contains("da") { figures += DABenchmarks.run(progress: progress) }
        if selected.contains("threshold") { figures += ThresholdBenchmarks.run(progress: progress) }
        if selected.contains("evidence") { figures += EvidenceBenchmarks.run(progress: progress) }
        return figures
    }

    /// `run`, then the groups that serve over loopback (registry, frames) and the devnet group (real
    /// validator processes) when selected. `postgres` is the PostgreSQL URL the registry group measures,
    /// `s3` the S3 endpoint the da group's pinner figures use.
    public static func runAll(
        only: Set<String> = [], postgres: String? = nil, s3: String? = nil, progress: @escaping @Sendable (String) -> Void
    ) async -> [BenchmarkFigure] {
        var figures = run(only: only, progress: progress)
        if only.isEmpty || only.contains("da") { figures += await PinnerBenchmarks.run(s3: s3, progress: progress) }
        if only.isEmpty || only.contains("registry") {
            figures += await RegistryBenchmarks.run(postgres: postgres, progress: progress)
        }
        if only.isEmpty || only.contains("frames") { figures += await FrameIngestBenchmarks.run(progress: progress) }
        if only.isEmpty || only.contains("devnet") {
            figures += await DevnetBenchmarks.run(progress: progress)
            figures += await DevnetBenchmarks.headerGaps(progress: progress)
        }
        if only.isEmpty || only.contains("censorship") { figures += await CensorshipBenchmarks.run(progress: progress) }
        if only.isEmpty || only.contains("anchors") { figures += await AnchorBenchmarks.run(progress: progress) }
        if only.contains("simulate") { figures += SimulatorBenchmarks.run(progress: progress) }
        return figures
    }

    /// The figures that missed their target or could not be measured.
    public static func missed(_ figures: [BenchmarkFigure]) -> [BenchmarkFigure] {
        figures.filter { $0.met == false }
    }

    /// A plain-text table: name, value, reference, target and whether it was met.
    public static func table(_ figures: [BenchmarkFigure]) -> String {
        func fmt(_ v: Double) -> String { v >= 100 ? String(format: "%.0f", v) : String(format: "%.2f", v) }
        var rows: [[String]] = [["benchmark", "value", "reference", "target", "met"]]
        for f in figures {
            let reference =
                f.reference.map {
                    "\(f.referenceName ?? "ref") \(fmt($0)) \(f.unit) (ratio \(String(format: "%.2f", f.value / $0)))"
                } ?? ""
            let value = f.error.map { "NOT MEASURED: \($0)" } ?? "\(fmt(f.value)) \(f.unit)"
            rows.append([f.name, value, reference, f.target ?? "", f.met.map { $0 ? "yes" : "NO" } ?? ""])
        }
        let widths = (0..<5).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    /// The figures as pretty-printed JSON.
    public static func json(_ figures: [BenchmarkFigure]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(figures)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
