import BPICodec
import BPIFrames
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi bench --only frames`: how fast one validator takes frames in — each checked (signature
/// under the directory's key, nonce, nonce chain, tick) and put into the mempool — through the
/// real API's batch endpoint (`POST /v1/frames/batch`, 250 frames a request, within the default
/// per-address rate limit; ten services posting concurrently), while the devnet finalizes them.
public enum FrameIngestBenchmarks {
    /// Frames submitted (half the mempool, one client's share).
    public static let frames = 5_000

    /// The ingest rate at one validator alone (target ≥ 10,000 frames/s), and on a 4-validator
    /// devnet where the three others check every gossiped frame too (on the same two cores).
    public static func run(progress: @escaping @Sendable (String) -> Void) async -> [BenchmarkFigure] {
        await run(validators: 1, target: true, progress: progress) + run(validators: 4, target: false, progress: progress)
    }

    static func run(validators: Int, target: Bool, progress: @escaping @Sendable (String) -> Void) async -> [BenchmarkFigure] {
        let name = "frame ingest at one validator (\(validators)-validator devnet, POST /v1/frames/batch, 250 a request)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-ingest-\(UUID().uuidString.prefix(8))")
            .path
        defer {
            _ = try? DevnetTool.down(directory: directory)
            try? FileManager.default.removeItem(atPath: directory)
        }
        do {
            var setup = DevnetTool.InitOptions(validators: validators, directory: directory)
            setup.basePort = 0
            try DevnetTool.initialize(setup)
            try DevnetTool.up(directory: directory)
            let layout = DevnetLayout(directory: directory)
            let rpc = layout.client(try layout.configs()[0])
            try await DevnetDemo.waitUntil(Date().addingTimeInterval(60), "the validators to connect") {
                (try? await DevnetTool.status(directory: directory))?.allSatisfy {
                    ($0.status?.peers ?? -1) == setup.validators - 1
                } ?? false
            }
            progress("frames: 10 services register")
            var clients = try (0..<10).map { i throws(ToolError) in
                ServiceClient(rpc: rpc, identity: ServiceIdentity.generate(name: try DevnetDemo.serviceName("ingest-\(i)")))
            }
            var last: Frame?
            for i in clients.indices { last = try await clients[i].submit { s, tick in s.register(tick: tick) } }
            if let last { _ = try await ServiceClient.waitFinalized(last.id, rpc: rpc, timeout: 60) }
            let tick = try await ServiceClient.tick(rpc: rpc)
            // Each service's 500 frames, in its chain order, as two batches of 250; the ten
            // services post concurrently (each service's batches one after the other).
            var senders = clients.map(\.sender)
            var streams: [[[UInt8]]] = []
            for from in senders.indices {
                let to = senders[(from + 1) % senders.count].identity.id
                let frames = (0..<(Self.frames / senders.count)).map { k in
                    senders[from].frame(to: to, kind: .data, payload: [UInt8](repeating: UInt8(k & 0xff), count: 100), tick: tick)
                }
                streams.append(
                    stride(from: 0, to: frames.count, by: 250).map { start in
                        (try? CBOREncoder.encode(.array(frames[start..<min(frames.count, start + 250)].map(\.cbor)))) ?? []
                    })
            }
            progress("frames: posting \(Self.frames) frames from \(senders.count) services concurrently, 250 a request")
            let t0 = Stopwatch.now()
            let outcomes = try await withThrowingTaskGroup(of: [BatchOutcome].self) { group in
                for stream in streams {
                    group.addTask {
                        var out: [BatchOutcome] = []
                        for batch in stream {
                            let data = try await rpc.post("/v1/frames/batch", body: Data(batch))
                            out.append(try JSONDecoder().decode(BatchOutcome.self, from: data))
                        }
                        return out
                    }
                }
                var all: [BatchOutcome] = []
                for try await part in group { all += part }
                return all
            }
            let accepted = outcomes.reduce(0) { $0 + $1.accepted.count }
            let refused = outcomes.reduce(0) { $0 + $1.refused.count }
            let seconds = Double(Stopwatch.now() - t0) / 1e9
            clients.removeAll()
            let rate = Double(accepted) / seconds
            return [
                target
                    ? BenchmarkFigure(
                        name: "\(name): frames/s", value: rate, unit: "frames/s", target: "≥ 10,000",
                        met: rate >= 10_000 && refused == 0)
                    : BenchmarkFigure(name: "\(name): frames/s", value: rate, unit: "frames/s"),
                BenchmarkFigure(
                    name: "\(name): frames refused", value: Double(refused), unit: "of \(Self.frames)", target: "0",
                    met: refused == 0),
            ]
        } catch {
            return [.failed("\(name): frames/s", target: target ? "≥ 10,000" : "measured", error: "\(error)")]
        }
    }
}
