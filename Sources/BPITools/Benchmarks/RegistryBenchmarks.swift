import BPIHash
import BPIRegistry
import BPIToolKit
import BPITypes
import Foundation
import Logging

/// Issue 15's registry figures, for each backend (SQLite, then PostgreSQL at `postgres`):
/// 1,000,000 receipts indexed, then over HTTP on loopback a receipt by id (p95 ≤ 5 ms) and a page of
/// 100 by agreement (p95 ≤ 20 ms), each with its proof.
public enum RegistryBenchmarks {
    /// Receipts indexed.
    static let total = 1_000_000
    /// Receipts per block.
    static let perBlock = 100

    /// The figures of both backends; PostgreSQL's count as not measured when `postgres` is nil.
    public static func run(postgres: String?, progress: @escaping @Sendable (String) -> Void) async -> [BenchmarkFigure] {
        var figures: [BenchmarkFigure]
        do {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "bpi-registry-bench-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let store = try SQLiteRegistryStore(path: dir.appendingPathComponent("registry.sqlite").path)
            figures = try await measure(store, backend: "SQLite", progress: progress)
        } catch {
            figures = [.failed("Registry (SQLite)", target: "runs", error: "\(error)")]
        }
        guard let postgres else {
            return figures + [
                .failed(
                    "Registry (PostgreSQL)", target: "runs",
                    error: "no PostgreSQL: pass --postgres URL or set BPI_POSTGRES_URL (scripts/postgres start prints one)")
            ]
        }
        do {
            var location = try PostgresLocation(url: postgres)
            location.schema = "bpi_bench_\(UInt32.random(in: 0...UInt32.max))"
            let store = try await PostgresRegistryStore(location: location)
            defer { store.close() }
            do {
                figures += try await measure(store, backend: "PostgreSQL", progress: progress)
            } catch {
                try? await store.dropSchema()
                throw error
            }
            try await store.dropSchema()
        } catch {
            figures.append(.failed("Registry (PostgreSQL)", target: "runs", error: "\(error)"))
        }
        return figures
    }

    static func measure(_ store: any RegistryStore, backend: String, progress: @escaping @Sendable (String) -> Void)
        async throws -> [BenchmarkFigure]
    {
        // A real entry as the template of every block (queries read entries, they do not verify them).
        let (_, chain) = try TestChain.generate(TestChain.Options(validators: 4, headers: 1))
        guard let template = chain.entries.first else { throw ToolError.io("the test chain has no entry") }
        let agreements = (0..<50).map { HashAlgorithm.blake3.hash(Array("agreement \($0)".utf8)) }
        let executors = (0..<100).map { HashAlgorithm.blake3.hash(Array("executor \($0)".utf8)) }
        let signature = [UInt8](repeating: 0x5A, count: 64)
        progress("Registry: indexing \(total) receipts in \(backend) (\(total / perBlock) blocks of \(perBlock))")
        let blocks = total / perBlock
        var ids: [Hash32] = []
        ids.reserveCapacity(total)
        let start = Stopwatch.now()
        var batch: [(ChainEntry, [Receipt])] = []
        for h in 1...blocks {
            var entry = template
            entry.header.height = UInt64(h)
            var receipts: [Receipt] = []
            for i in 0..<perBlock {
                let n = (h - 1) * perBlock + i
                var r = Receipt(
                    runHeader: RunHeader(
                        agreementID: agreements[n % agreements.count], moduleHash: agreements[0], inputRoot: Header.emptyRoot,
                        seed: .zero, timeMs: UInt64(n), args: ["bench"]),
                    engine: "wasmkit-0.4.2/docklock-1", cesRoot: .zero, witnessRoot: .zero, outputHash: .zero, outcome: .exited,
                    exitCode: 0, fuelUsed: UInt64(n), eventCount: 2)
                r.executor = executors[n % executors.count]
                r.signature = signature
                receipts.append(r)
                ids.append(r.id)
            }
            batch.append((entry, receipts))
            if batch.count == 500 {
                try await store.appendMany(batch)
                batch = []
            }
        }
        if !batch.isEmpty { try await store.appendMany(batch) }
        let indexSeconds = Double(Stopwatch.now() - start) / 1e9

        progress("Registry (\(backend)): 2,000 receipts by id and 1,000 pages of 100 by agreement over HTTP on loopback")
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "bpi.registry.bench")
        logger.logLevel = .critical
        let server = Task {
            try await RegistryService.serve(store: store, auth: .open, host: "127.0.0.1", port: 0, logger: logger) { port in
                portContinuation.yield(port)
            }
        }
        defer { server.cancel() }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ToolError.io("the registry did not start") }
        let client = RPCClient(base: URL(string: "http://127.0.0.1:\(port)")!, timeout: 10)
        var rng = SystemRandomNumberGenerator()
        var byID: [Double] = []
        for _ in 0..<2_000 {
            let id = ids[Int.random(in: 0..<ids.count, using: &rng)]
            // Timed from the request to the whole answer received; the client's decoding is not.
            let t = Stopwatch.now()
            let body = try await client.get("/v1/registry/receipts/\(id.hex)")
            byID.append(Double(Stopwatch.now() - t) / 1e6)
            let view = try JSONDecoder().decode(RegistryReceiptView.self, from: body)
            guard view.receipt.id == id.hex else { throw ToolError.verificationFailed("the registry answered another receipt") }
        }
        var pages: [Double] = []
        for _ in 0..<1_000 {
            let agreement = agreements[Int.random(in: 0..<agreements.count, using: &rng)]
            let after = RegistryCursor(height: UInt64.random(in: 1...UInt64(blocks - 100), using: &rng), index: 0)
            let t = Stopwatch.now()
            let body = try await client.get("/v1/registry/receipts?agreement=\(agreement.hex)&limit=100&after=\(after)")
            pages.append(Double(Stopwatch.now() - t) / 1e6)
            let page = try JSONDecoder().decode(RegistryPageView.self, from: body)
            guard page.items.count == 100 else { throw ToolError.verificationFailed("a page held \(page.items.count) receipts") }
        }
        let id95 = Percentiles(byID).at(0.95) ?? .infinity
        let page95 = Percentiles(pages).at(0.95) ?? .infinity
        return [
            BenchmarkFigure(
                name: "Registry (\(backend)): indexing \(total) receipts (\(blocks) blocks)", value: Double(total) / indexSeconds,
                unit: "receipts/s"),
            BenchmarkFigure(
                name: "Registry (\(backend), 1 M receipts): a receipt by id with its proof over HTTP, p95", value: id95,
                unit: "ms",
                reference: Percentiles(byID).at(0.5), referenceName: "p50", target: "≤ 5 ms", met: id95 <= 5),
            BenchmarkFigure(
                name: "Registry (\(backend), 1 M receipts): a page of 100 by agreement with proofs over HTTP, p95", value: page95,
                unit: "ms", reference: Percentiles(pages).at(0.5), referenceName: "p50", target: "≤ 20 ms", met: page95 <= 20),
        ]
    }
}
