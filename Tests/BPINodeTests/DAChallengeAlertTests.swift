import BPIFrames
import BPIHash
import BPINode
import BPIPoH
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// The node's data-availability alerts (`deploy/prometheus/da-alerts.yml`) from the metrics a real
/// frame ledger drives: a storer that answers none of eleven challenges first raises the backlog
/// alert, then — when the block at the deadline + 1 carries the faults — the fault alert, each
/// within 5 minutes of simulated time (one block every 15 s), and neither before.
@Suite struct DAChallengeAlertTests {
    @Test func unansweredChallengesRaiseTheBacklogThenTheFaultAlert() throws {
        var services = TestServices(count: 2)
        var ledger = FrameLedger()
        var ticks = TickWindow(genesisHash: BLAKE3.hash([1]))
        var height: UInt64 = 0
        let metrics = NodeMetrics()
        func finalize(_ frames: [Frame]) throws {
            height += 1
            try ledger.apply(block: frames, height: height, ticks: ticks)
            ticks.append(height: height, records: BlockPoH.record(seed: [UInt8(truncatingIfNeeded: height)], events: []))
        }
        try finalize(services.registrations(tick: ticks.newest))
        let object = try DAObject(
            k: 10, n: 16, chunkSize: 256 << 10, size: 300_000, objectHash: BLAKE3.hash([2]), shardRoot: BLAKE3.hash([3]))
        try finalize([services.senders[0].daCommit(object, tick: ticks.newest)])
        let blocksPerMinute = 4
        let challengeMinute = 2
        var challengeHeight: UInt64 = 0
        var open: [Double] = []
        var faults: [Double] = []
        for minute in 0..<30 {
            for b in 0..<blocksPerMinute {
                if minute == challengeMinute && b == 0 {
                    let storer = services.id(0)
                    let frames = (0..<11).map { shard in
                        services.senders[1].daChallenge(
                            DAChallenge(objectID: object.id, chunk: 1, shard: UInt64(shard)), storer: storer, tick: ticks.newest)
                    }
                    try finalize(frames)
                    challengeHeight = height
                } else {
                    try finalize([])
                }
            }
            metrics.record(da: ledger.da)
            let text = metrics.render()
            open.append(try #require(AlertRuleTest.sample("bpi_da_challenges_open", in: text), "\(text)"))
            faults.append(try #require(AlertRuleTest.sample("bpi_da_fault_evidence", in: text), "\(text)"))
        }
        // The minute whose blocks include the deadline + 1.
        let faultMinute = Int(challengeHeight + DAChallenge.answerWindow + 1 - 1) / blocksPerMinute
        #expect(open[challengeMinute] == 11 && faults[faultMinute] == 11 && faults[faultMinute - 1] == 0, "\(open) \(faults)")
        let result = try AlertRuleTest.run(
            rulesFile: AlertRuleTest.rules("da-alerts.yml"),
            series: [
                ("bpi_da_challenges_open{instance=\"v0\"}", open), ("bpi_da_fault_evidence{instance=\"v0\"}", faults),
            ],
            expectations: [
                .init(minute: challengeMinute + 4, alert: "DAChallengesBacklog", labels: nil),
                .init(
                    minute: challengeMinute + 5, alert: "DAChallengesBacklog", labels: ["instance": "v0", "severity": "warning"]),
                .init(minute: faultMinute - 1, alert: "DAFaultEvidence", labels: nil),
                .init(minute: faultMinute + 1, alert: "DAFaultEvidence", labels: ["instance": "v0", "severity": "critical"]),
            ])
        #expect(result.status == 0, "\(result.output)")
    }
}
