import BPIDA
import BPIHash
import BPIPinner
import BPITestSupport
import Foundation
import Testing

/// The data-availability alert rules (`deploy/prometheus/da-alerts.yml`): valid for promtool, and
/// raised by the metrics a real pinner exposes once faults are injected — Prometheus's own rule
/// evaluator over the scraped samples, one per simulated minute, sees each alert fire within 5
/// minutes of its fault and not before.
@Suite struct DAAlertRulesTests {
    @Test func theRulesPassPromtoolsCheck() throws {
        let promtool = try #require(AlertRuleTest.promtool, "promtool is missing: scripts/setup installs Debian's prometheus")
        let checked = try Subprocess.run(promtool, ["check", "rules", AlertRuleTest.rules("da-alerts.yml")])
        #expect(checked.status == 0 && checked.out.contains("SUCCESS: 6 rules found"), "\(checked.out) \(checked.err)")
    }

    @Test func injectedShardFaultsRaiseTheirAlertsWithinFiveMinutes() async throws {
        let store = try FileShardStore(root: PinnerTests.temporary("alerts-fs"))
        let pinner = try Pinner(home: PinnerTests.temporary("alerts-home"), stores: [store])
        var rng = SeededGenerator(seed: 40)
        let parameters = CodingParameters(k: 4, n: 6, chunkSize: 256 << 10)
        let first = try await pinner.put(rng.bytes(600_000), parameters: parameters)
        let second = try await pinner.put(rng.bytes(600_000), parameters: parameters)
        func key(_ record: PinnedObject, _ chunk: Int, _ shard: Int) -> ShardKey {
            ShardKey(objectID: Hash32(hex: record.id)!, chunk: chunk, shard: shard)
        }
        let names = [
            "bpi_da_probes_total", "bpi_da_probes_intact_total", "bpi_da_faults_found_total", "bpi_da_repairs_total",
            "bpi_da_unrecoverable_total",
        ]
        var series = [[Double]](repeating: [], count: names.count)
        let faultsAt = 4
        let lossAt = 10
        for minute in 0..<16 {
            if minute == faultsAt {
                // Three shards deleted and three corrupted, every chunk still recoverable.
                for (chunk, shard) in [(0, 1), (1, 2), (2, 3)] { try await store.delete(key(first, chunk, shard)) }
                for (chunk, shard) in [(0, 4), (1, 5), (2, 0)] {
                    try await store.put(key(second, chunk, shard), [UInt8](repeating: 0xAB, count: 100))
                }
            }
            if minute == lossAt {
                // Three of six shards of one chunk lost: fewer than k = 4 remain.
                for shard in [0, 2, 5] { try await store.delete(key(first, 1, shard)) }
            }
            for _ in 0..<200 { _ = await pinner.probe(using: &rng) }
            let text = PinnerMetrics.text(await pinner.stats, objects: 2)
            for (i, name) in names.enumerated() {
                series[i].append(try #require(AlertRuleTest.sample(name, in: text), "\(name) missing from /metrics"))
            }
        }
        #expect(series[2][faultsAt] >= 6 && series[3][faultsAt] >= 6, "the faults were found and repaired")
        let result = try AlertRuleTest.run(
            rulesFile: AlertRuleTest.rules("da-alerts.yml"),
            series: names.enumerated().map { ("\($1){instance=\"pinner\"}", series[$0]) },
            expectations: [
                .init(minute: faultsAt - 1, alert: "DAProbeSuccessLow", labels: nil),
                .init(minute: faultsAt - 1, alert: "DAShardFaultsFound", labels: nil),
                .init(minute: faultsAt + 1, alert: "DAShardFaultsFound", labels: ["instance": "pinner", "severity": "info"]),
                .init(minute: faultsAt + 2, alert: "DAProbeSuccessLow", labels: ["instance": "pinner", "severity": "warning"]),
                .init(minute: lossAt - 1, alert: "DAChunkUnrecoverable", labels: nil),
                .init(minute: lossAt + 1, alert: "DAChunkUnrecoverable", labels: ["instance": "pinner", "severity": "critical"]),
            ])
        #expect(result.status == 0, "\(result.output)")
    }
}
