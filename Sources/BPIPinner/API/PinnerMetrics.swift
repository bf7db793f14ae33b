/// The pinner's Prometheus exposition (`GET /metrics`, docs/SPEC.md §15.5).
public enum PinnerMetrics {
    /// The text format of `stats` for `objects` objects.
    public static func text(_ stats: PinnerStats, objects: Int) -> String {
        var lines: [String] = []
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(String, Double)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (labels, value) in samples { lines.append("\(name)\(labels) \(value)") }
        }
        metric("bpi_da_objects", "gauge", "Objects pinned here.", [("", Double(objects))])
        metric("bpi_da_probes_total", "counter", "SLA probes run.", [("", Double(stats.probes))])
        metric(
            "bpi_da_probes_intact_total", "counter", "SLA probes that found their shard intact.",
            [("", Double(stats.probesIntact))])
        metric("bpi_da_probe_success_ratio", "gauge", "Intact probes over probes (1 before any).", [("", stats.probeSuccess)])
        metric("bpi_da_faults_found_total", "counter", "Shards found missing or corrupt.", [("", Double(stats.faultsFound))])
        metric("bpi_da_repairs_total", "counter", "Shards rebuilt and stored again.", [("", Double(stats.repairs))])
        metric(
            "bpi_da_unrecoverable_total", "counter", "Chunks found with fewer than k intact shards.",
            [("", Double(stats.unrecoverable))])
        metric(
            "bpi_da_bytes_written_total", "counter", "Shard bytes written per backend.",
            stats.bytesWritten.sorted { $0.key < $1.key }.map { ("{backend=\"\(escape($0.key))\"}", Double($0.value)) })
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
