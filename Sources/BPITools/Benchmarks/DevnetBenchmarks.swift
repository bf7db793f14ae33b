import BPINet
import BPINode
import BPIToolKit
import Foundation

/// `bpi bench --only devnet`: finality latency and payload throughput of real devnets (4 and 7
/// validator processes on loopback, 250 ms block time), through `DevnetDemo`.
public enum DevnetBenchmarks {
    /// Runs a 4- and a 7-validator devnet for 60 headers each, with 1,024 data frames of 16 KiB between two services.
    public static func run(progress: @escaping @Sendable (String) -> Void) async -> [BenchmarkFigure] {
        var figures: [BenchmarkFigure] = []
        var unfloodedP95: Double?
        for validators in [4, 7] {
            var o = DevnetDemo.Options()
            o.validators = validators
            o.headers = 60
            o.payloads = 1_024
            o.payloadBytes = 16 << 10
            o.daObjectBytes = 0  // the figures measure the frame path, as before the data-availability step
            o.timeoutSeconds = 120
            progress("devnet: \(validators) validators, 60 headers, 1,024 data frames of 16 KiB")
            do {
                let r = try await DevnetDemo.run(o) { _ in }
                let p50 = r.finalityP50Ms ?? .infinity
                let p95 = r.finalityP95Ms ?? .infinity
                if validators == 4 { unfloodedP95 = r.finalityP95Ms }
                figures += [
                    BenchmarkFigure(
                        name: "devnet \(validators) validators: finality p50 (median over nodes)", value: p50, unit: "ms",
                        target: "≤ 250 ms", met: p50 <= 250),
                    BenchmarkFigure(
                        name: "devnet \(validators) validators: finality p95 (worst node)", value: p95, unit: "ms",
                        target: "≤ 400 ms", met: p95 <= 400),
                    BenchmarkFigure(
                        name: "devnet \(validators) validators: payload throughput",
                        value: (r.payloadThroughputBytesPerSecond ?? 0) / 1_048_576,
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
        figures += await flood(baselineP95: unfloodedP95, progress: progress)
        return figures
    }

    /// The API load test: the 4-validator devnet again while one client on 2 keep-alive connections POSTs bodies that are not frames to validator 0
    /// as fast as they can. Finality p95 must stay within 2× the unflooded run's, and the flood must
    /// be answered with 429s (the per-address rate limit), not absorbed.
    static func flood(baselineP95: Double?, progress: @escaping @Sendable (String) -> Void) async -> [BenchmarkFigure] {
        let name = "devnet 4 validators under a POST flood (one client, 2 connections, on validator 0)"
        guard let baseline = baselineP95 else {
            return [.failed(name, target: "p95 ≤ 2× unflooded", error: "no unflooded p95 to compare with")]
        }
        var o = DevnetDemo.Options()
        o.validators = 4
        o.headers = 60
        o.payloads = 1_024
        o.payloadBytes = 16 << 10
        o.daObjectBytes = 0
        o.timeoutSeconds = 120
        o.floodClients = 2
        progress("devnet: 4 validators, 60 headers, while a client floods POST /v1/frames on 2 connections")
        do {
            let r = try await DevnetDemo.run(o) { _ in }
            let p95 = r.finalityP95Ms ?? .infinity
            let limited = r.floodAnswers[429] ?? 0
            let sent = r.floodAnswers.values.reduce(0, +)
            return [
                BenchmarkFigure(
                    name: "\(name): finality p95 (worst node)", value: p95, unit: "ms",
                    target: String(format: "≤ 2× unflooded (%.0f ms)", baseline * 2), met: r.ok && p95 <= 2 * baseline),
                BenchmarkFigure(
                    name: "\(name): requests answered 429", value: Double(limited), unit: "of \(sent)", target: "> 0",
                    met: limited > 0),
                BenchmarkFigure(
                    name: "\(name): requests refused as not frames (400)", value: Double(r.floodAnswers[400] ?? 0),
                    unit: "of \(sent)"),
            ]
        } catch {
            return [.failed(name, target: "p95 ≤ 2× unflooded", error: "\(error)")]
        }
    }

    /// Header gaps with one of four validators crashed: after `kill -9` of validator 3, the gaps
    /// between consecutive header timestamps over 200 heights (p50, p99, max). A dead validator
    /// leads at most one round of each height (§7.6), so the worst gap is one round-change
    /// timeout plus one block time.
    public static func headerGaps(
        heights: UInt64 = 200, executable: String = ProcessControl.currentExecutable,
        progress: @escaping @Sendable (String) -> Void
    ) async -> [BenchmarkFigure] {
        let name = "devnet 4 validators, 1 killed: header gap over \(heights) heights"
        let config = NodeConfig(index: 0, peers: [], api: PeerAddress(host: "127.0.0.1", port: 0))
        let budget = Double(config.baseTimeoutMilliseconds + config.blockTimeMilliseconds)
        let target = "max ≤ \(Int(budget)) ms (one round-change timeout + one block time)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-gaps-\(UUID().uuidString.prefix(8))")
            .path
        var setup = DevnetTool.InitOptions(validators: 4, directory: directory)
        setup.basePort = 0
        progress("devnet: 4 validators, validator 3 killed, \(heights) heights")
        defer {
            _ = try? DevnetTool.down(directory: directory)
            try? FileManager.default.removeItem(atPath: directory)
        }
        do {
            _ = try DevnetTool.initialize(setup)
            try DevnetTool.up(directory: directory, executable: executable)
            let start = Date()
            try await DevnetDemo.waitUntil(start.addingTimeInterval(60), "4 validators at height 3") {
                ((try? await DevnetTool.status(directory: directory)) ?? []).allSatisfy { $0.height >= 3 }
            }
            _ = try DevnetTool.down(directory: directory, only: [3], kill: true)
            let from = ((try await DevnetTool.status(directory: directory)).prefix(3).map(\.height).max() ?? 0) + 1
            let end = from + heights
            let reported = Reported()
            try await DevnetDemo.waitUntil(Date().addingTimeInterval(Double(heights) * 1.5 + 60), "height \(end)") {
                let rows = (try? await DevnetTool.status(directory: directory)) ?? []
                if let h = rows.first?.height, h / 50 > reported.step {
                    reported.step = h / 50
                    progress("devnet: height \(h) of \(end)")
                }
                return rows.prefix(3).allSatisfy { $0.height >= end }
            }
            let layout = DevnetLayout(directory: directory)
            let headers = try await DevnetTool.headers(layout.client(try layout.configs()[0]), from: from - 1, through: end)
            guard headers.count == Int(heights) + 2 else {
                return [.failed(name, target: target, error: "fetched \(headers.count) of \(heights + 2) headers")]
            }
            let gaps = Percentiles(zip(headers.dropFirst(), headers).map { Double($0.timestamp) - Double($1.timestamp) })
            let later = headers.filter { $0.commitRound > 0 }.count
            func q(_ p: Double) -> Double { gaps.at(p) ?? 0 }
            return [
                BenchmarkFigure(name: "\(name): p50", value: q(0.5), unit: "ms"),
                BenchmarkFigure(name: "\(name): p99", value: q(0.99), unit: "ms"),
                BenchmarkFigure(
                    name: "\(name): max", value: gaps.max ?? 0, unit: "ms", target: target, met: (gaps.max ?? 0) <= budget),
                BenchmarkFigure(
                    name: "\(name): heights decided past round 0", value: Double(later), unit: "heights",
                    target: "≤ 1 round change each (max gap)"),
            ]
        } catch {
            return [.failed(name, target: target, error: "\(error)")]
        }
    }

    /// The last progress step printed.
    private final class Reported: @unchecked Sendable {
        var step: UInt64 = 0
    }
}
