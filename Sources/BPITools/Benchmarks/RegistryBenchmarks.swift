import BPIHash
import BPIRegistry
import BPIToolKit
import BPITypes
import Foundation
import Logging

/// Issue 15's registry figures: 1,000,000 receipts indexed in SQLite, then over HTTP on loopback a
/// receipt by id (p95 ≤ 5 ms) and a page of 100 by agreement (p95 ≤ 20 ms), each with its proof.
public enum RegistryBenchmarks {
    /// Receipts indexed.
    static let total = 1_000_000
    /// Receipts per block.
    static let perBlock = 100

    public static func run(progress: @escaping @Sendable (String) -> Void) async -> [BenchmarkFigure] {
        do {
            return try await measure(progress: progress)
        } catch {
            return [.failed("Registry (SQLite)", target: "runs", error: "\(error)")]
        }
    }

    static func measure(progress: @escaping @Sendable (String) -> Void) async throws -> [BenchmarkFigure] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bpi-registry-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try RegistryStore(path: dir.appendingPathComponent("registry.sqlite").path)
        // A real entry as the template of every block (queries read entries, they do not verify them).
        let (_, chain) = try TestChain.generate(TestChain.Options(validators: 4, headers: 1))
        guard let template = chain.entries.first else { throw ToolError.io("the test chain has no entry") }
        let agreements = (0..<50).map { HashAlgorithm.blake3.hash(Array("agreement \($0)".utf8)) }
        let executors = (0..<100).map { HashAlgorithm.blake3.hash(Array("executor \($0)".utf8)) }
        let signature = [UInt8](repeating: 0x5A, count: 64)
        progress("Registry: indexing \(total) receipts in SQLite (\(total / perBlock) blocks of \(perBlock))")
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
                try store.appendMany(batch)
                batch = []
            }
        }
        if !batch.isEmpty { try store.appendMany(batch) }
        let indexSeconds = Double(Stopwatch.now() - start) / 1e9

        progress("Registry: 2,000 receipts by id and 1,000 pages of 100 by agreement over HTTP on loopback")
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
            let t = Stopwatch.now()
            let view = try await client.getJSON("/v1/registry/receipts/\(id.hex)", as: RegistryReceiptView.self)
            byID.append(Double(Stopwatch.now() - t) / 1e6)
            guard view.receipt.id == id.hex else { throw ToolError.verificationFailed("the registry answered another receipt") }
        }
        var pages: [Double] = []
        for _ in 0..<1_000 {
            let agreement = agreements[Int.random(in: 0..<agreements.count, using: &rng)]
            let after = RegistryCursor(height: UInt64.random(in: 1...UInt64(blocks - 100), using: &rng), index: 0)
            let t = Stopwatch.now()
            let page = try await client.getJSON(
                "/v1/registry/receipts?agreement=\(agreement.hex)&limit=100&after=\(after)", as: RegistryPageView.self)
            pages.append(Double(Stopwatch.now() - t) / 1e6)
            guard page.items.count == 100 else { throw ToolError.verificationFailed("a page held \(page.items.count) receipts") }
        }
        let id95 = Percentiles(byID).at(0.95) ?? .infinity
        let page95 = Percentiles(pages).at(0.95) ?? .infinity
        return [
            BenchmarkFigure(
                name: "Registry (SQLite): indexing \(total) receipts (\(blocks) blocks)", value: Double(total) / indexSeconds,
                unit: "receipts/s"),
            BenchmarkFigure(
                name: "Registry (SQLite, 1 M receipts): a receipt by id with its proof over HTTP, p95", value: id95, unit: "ms",
                reference: Percentiles(byID).at(0.5), referenceName: "p50", target: "≤ 5 ms", met: id95 <= 5),
            BenchmarkFigure(
                name: "Registry (SQLite, 1 M receipts): a page of 100 by agreement with proofs over HTTP, p95", value: page95,
                unit: "ms", reference: Percentiles(pages).at(0.5), referenceName: "p50", target: "≤ 20 ms", met: page95 <= 20),
        ]
    }
}
