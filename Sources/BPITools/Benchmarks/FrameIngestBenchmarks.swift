import BPICodec
import BPIFrames
import BPINode
import BPIToolKit
import BPITypes
import Foundation
import Synchronization

/// `bpi bench --only frames`: how fast one validator takes frames in — each checked (signature
/// under the directory's key, nonce, nonce chain, tick) and put into the mempool — through the
/// real API's batch endpoint (`POST /v1/frames/batch`, 250 frames a request, within the default
/// per-address rate limit; ten services, each on its own keep-alive connection, as many at once as
/// there are cores), while the devnet finalizes them.
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
            // Plain keep-alive sockets, one per service (URLSession on Linux costs the client more
            // CPU per request than the node spends per frame, and both share these cores).
            let config = try layout.configs()[0]
            let results = Mutex([BatchOutcome]())
            let failures = Mutex(0)
            let batches = streams
            let t0 = Stopwatch.now()
            DispatchQueue.concurrentPerform(iterations: batches.count) { k in
                let connection = LoopbackHTTP(host: config.api.host, port: config.api.port)
                defer { connection.close() }
                for batch in batches[k] {
                    guard let reply = connection.exchange("POST", "/v1/frames/batch", body: batch), reply.status == 200,
                        let outcome = try? JSONDecoder().decode(BatchOutcome.self, from: Data(reply.body))
                    else {
                        failures.withLock { $0 += 1 }
                        continue
                    }
                    results.withLock { $0.append(outcome) }
                }
            }
            let outcomes = results.withLock { $0 }
            guard failures.withLock({ $0 }) == 0 else {
                throw ToolError.verificationFailed("some batches got no answer or not a 200")
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
