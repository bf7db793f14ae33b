import BPIBLS
import BPICodec
import BPIFrames
import BPIHash
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi bench --only censorship`: what censorship resistance (docs/SPEC.md §16–17) costs in
/// finality. Real devnets of 4 and 7 validator processes on loopback, each run twice from a fresh
/// genesis: once with inclusion lists and every frame encrypted to a height (its key revealed from
/// the validators' key shares once the height is final), once with lists off on every validator
/// and the same frames in the clear. Both runs wait for the first epoch key (height 65), then carry
/// the same load — 4 frames of 1 KiB every 250 ms for 50 heights, each encrypted frame to the height
/// 6 blocks ahead (within the first key's epoch) — and read each validator's finality over exactly
/// those heights (`GET /v1/finality?from=`).
public enum CensorshipBenchmarks {
    /// One run's result.
    struct Run {
        var p50: Double
        var p95: Double
        var sent: Int
        var opened: Int
        var obligations: Int
        var revealedHeights: Int
    }

    /// Frames per 250 ms, their size, and the heights the load lasts.
    static let framesPerTick = 4
    static let frameBytes = 1_024
    static let loadHeights: UInt64 = 50
    /// How far ahead of the finalized height each encrypted frame targets.
    static let targetAhead: UInt64 = 6

    /// Both runs for 4 and 7 validators.
    public static func run(progress: @escaping @Sendable (String) -> Void) async -> [BenchmarkFigure] {
        var figures: [BenchmarkFigure] = []
        for n in [4, 7] {
            var results: [Bool: Run] = [:]
            for protected in [false, true] {
                let name = "censorship resistance \(protected ? "on" : "off"), \(n) validators"
                progress("\(name): devnet to height 65, then \(loadHeights) heights of load")
                do {
                    results[protected] = try await measure(validators: n, protected: protected, progress: progress)
                } catch {
                    figures.append(.failed("\(name): finality", target: "measured", error: "\(error)"))
                }
            }
            figures += report(validators: n, off: results[false], on: results[true])
        }
        return figures
    }

    /// The figures of one validator count: finality with and without, side by side; what the
    /// protected run did (frames opened, obligations, reveals).
    static func report(validators n: Int, off: Run?, on: Run?) -> [BenchmarkFigure] {
        var figures: [BenchmarkFigure] = []
        for (label, run) in [("off (lists off, frames in the clear)", off), ("on (lists on, frames encrypted)", on)] {
            guard let run else { continue }
            figures += [
                BenchmarkFigure(
                    name: "devnet \(n) validators, censorship resistance \(label): finality p50 (median over nodes)",
                    value: run.p50, unit: "ms", target: "≤ 250 ms", met: run.p50 <= 250),
                BenchmarkFigure(
                    name: "devnet \(n) validators, censorship resistance \(label): finality p95 (worst node)", value: run.p95,
                    unit: "ms", target: "≤ 400 ms", met: run.p95 <= 400),
            ]
        }
        if let on {
            figures += [
                BenchmarkFigure(
                    name: "devnet \(n) validators, censorship resistance on: encrypted frames opened after their height",
                    value: Double(on.opened), unit: "of \(on.sent)", target: "all", met: on.opened == on.sent),
                BenchmarkFigure(
                    name:
                        "devnet \(n) validators, censorship resistance on: heights revealed / inclusion obligations in the window",
                    value: Double(on.revealedHeights), unit: "heights; \(on.obligations) obligations"),
            ]
        }
        return figures
    }

    /// One devnet run.
    static func measure(
        validators n: Int, protected: Bool, progress: @escaping @Sendable (String) -> Void
    ) async throws(ToolError) -> Run {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-cr-\(UUID().uuidString.prefix(8))")
            .path
        var setup = DevnetTool.InitOptions(validators: n, directory: directory)
        setup.basePort = 0
        setup.inclusionLists = protected
        defer {
            _ = try? DevnetTool.down(directory: directory)
            try? FileManager.default.removeItem(atPath: directory)
        }
        _ = try DevnetTool.initialize(setup)
        try DevnetTool.up(directory: directory)
        let layout = DevnetLayout(directory: directory)
        let clients = try layout.configs().map { layout.client($0) }
        func heights() async -> [UInt64] { ((try? await DevnetTool.status(directory: directory)) ?? []).map(\.height) }
        try await DevnetDemo.waitUntil(Date().addingTimeInterval(60), "the validators to answer and connect") {
            ((try? await DevnetTool.status(directory: directory)) ?? []).allSatisfy { ($0.status?.peers ?? -1) == n - 1 }
        }
        var a = ServiceClient(rpc: clients[0], identity: ServiceIdentity.generate(name: try DevnetDemo.serviceName("bench-a")))
        var b = ServiceClient(rpc: clients[0], identity: ServiceIdentity.generate(name: try DevnetDemo.serviceName("bench-b")))
        for r in [try await a.submit { s, t in s.register(tick: t) }, try await b.submit { s, t in s.register(tick: t) }] {
            _ = try await ServiceClient.waitFinalized(r.id, rpc: clients[0], timeout: 60)
        }
        let schedule = KeyEpochSchedule.standard
        let firstKey = schedule.length + 1
        try await DevnetDemo.waitUntil(Date().addingTimeInterval(120), "height \(firstKey) on every validator") {
            let h = await heights()
            return h.count == n && h.allSatisfy { $0 >= firstKey }
        }
        let epoch = try await FrameTool.epoch(rpc: clients[0])
        guard let keyHex = epoch.masterKey, let keyEpoch = epoch.servingEpoch else {
            throw .verificationFailed("no epoch key serves height \(firstKey)")
        }
        let masterKey: G2Point
        do { masterKey = try G2Point(encoding: try Hex.decode(keyHex)) } catch {
            throw .verificationFailed("the epoch key does not decode: \(error)")
        }
        let status = try await clients[0].getJSON("/v1/status", as: NodeStatus.self)
        let from = status.height + 1
        let end = from + loadHeights
        guard end + targetAhead <= schedule.length * (keyEpoch + 1) else {
            throw .verificationFailed("the load would outlast key epoch \(keyEpoch) (heights \(from)…\(end + targetAhead))")
        }
        progress("  load: heights \(from)…\(end)")
        var sent: [Hash32] = []
        var tick = 0
        let payloadBase = [UInt8](repeating: 0x5A, count: frameBytes)
        while true {
            let height = try await clients[0].getJSON("/v1/status", as: NodeStatus.self).height
            guard height < end else { break }
            for k in 0..<framesPerTick {
                var payload = payloadBase
                payload.replaceSubrange(0..<16, with: Array(String(format: "%08d%08d", tick, k).utf8))
                let to = b.id
                let frame = try await a.submit { s, t in
                    guard protected else { return s.frame(to: to, kind: .data, payload: payload, tick: t) }
                    // Sealing to a point on the curve with fresh randomness cannot fail.
                    return try! s.encrypted(
                        payload, to: to, keyEpoch: keyEpoch, targetHeight: height + targetAhead, masterKey: masterKey,
                        chainID: status.chainID, tick: t)
                }
                sent.append(frame.id)
            }
            tick += 1
            try? await Task.sleep(for: .milliseconds(250))
        }
        try await DevnetDemo.waitUntil(Date().addingTimeInterval(60), "height \(end + 6) on every validator") {
            await heights().allSatisfy { $0 >= end + 6 }
        }
        var p50s: [Double] = []
        var p95: Double = 0
        for c in clients {
            let view = try await c.getJSON("/v1/finality?from=\(from)", as: FinalityView.self)
            guard let p50 = view.p50Ms, let q95 = view.p95Ms else {
                throw .verificationFailed("a validator decided no height in \(from)…\(end)")
            }
            p50s.append(p50)
            p95 = max(p95, q95)
        }
        var opened = 0
        if protected {
            for id in sent
            where (try? await clients[1].getJSON("/v1/frames/\(id)/opening", as: OpeningView.self))?.status == "opened" {
                opened += 1
            }
        }
        var obligations = 0
        for h in from...end {
            obligations += (try? await clients[0].getJSON("/v1/inclusion/\(h)", as: InclusionView.self))?.entries.count ?? 0
        }
        let revealed = try await FrameTool.epoch(rpc: clients[0]).revealed
        return Run(
            p50: Percentiles(p50s).at(0.5) ?? 0, p95: p95, sent: sent.count, opened: opened, obligations: obligations,
            revealedHeights: revealed)
    }
}
