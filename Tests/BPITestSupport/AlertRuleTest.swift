import Foundation

/// Runs Prometheus's own rule evaluator (`promtool test rules`, Debian's `prometheus` package,
/// installed by scripts/setup) over the repository's alert rules with simulated time: the series are
/// samples a test scraped from real `/metrics` output, one per simulated minute, and the test asks
/// whether an alert is firing at given minutes.
public enum AlertRuleTest {
    /// The rules file under `deploy/prometheus`.
    public static func rules(_ name: String) -> String {
        TestPaths.packageRoot.appendingPathComponent("deploy/prometheus/\(name)").path
    }

    /// promtool, or nil when it is not installed.
    public static var promtool: String? {
        ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// One expectation: at `minute`, alert `alert` is firing with exactly `labels` (besides
    /// `alertname` and `alertstate`) — or, with `labels` nil, is not firing at all.
    public struct Expectation: Sendable {
        public var minute: Int
        public var alert: String
        public var labels: [String: String]?

        public init(minute: Int, alert: String, labels: [String: String]?) {
            self.minute = minute
            self.alert = alert
            self.labels = labels
        }
    }

    /// Runs `expectations` against `rulesFile` with `series` (name with labels, e.g.
    /// `bpi_da_probes_total{instance="p"}`, → one value per minute from minute 0). Returns promtool's
    /// exit status and output.
    public static func run(rulesFile: String, series: [(name: String, values: [Double])], expectations: [Expectation])
        throws -> (status: Int32, output: String)
    {
        guard let promtool else { return (127, "promtool is not installed (scripts/setup installs Debian's prometheus)") }
        var yaml = "rule_files:\n  - \(rulesFile)\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n"
        for s in series {
            let values = s.values.map { $0 == $0.rounded() ? String(Int64($0)) : String($0) }.joined(separator: " ")
            yaml += "      - series: '\(s.name)'\n        values: '\(values)'\n"
        }
        yaml += "    promql_expr_test:\n"
        for e in expectations {
            yaml += "      - expr: ALERTS{alertname=\"\(e.alert)\",alertstate=\"firing\"}\n        eval_time: \(e.minute)m\n"
            if let labels = e.labels {
                let all = labels.merging(["alertname": e.alert, "alertstate": "firing"]) { a, _ in a }
                let text = all.keys.sorted().map { "\($0)=\"\(all[$0]!)\"" }.joined(separator: ",")
                yaml += "        exp_samples:\n          - labels: 'ALERTS{\(text)}'\n            value: 1\n"
            } else {
                yaml += "        exp_samples: []\n"
            }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("alert-test-\(UUID().uuidString).yml")
        try Data(yaml.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Subprocess.run(promtool, ["test", "rules", file.path])
        return (result.status, result.out + result.err + "\n--- test file ---\n" + yaml)
    }

    /// The value of the sample `name` (with its labels, exactly as exposed) in a Prometheus text
    /// exposition, or nil when absent.
    public static func sample(_ name: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.split(separator: " ").last.map(String.init) ?? "")
        }
        return nil
    }
}
