import BPIDA
import BPIHash
import BPIPinner
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// The pinner (docs/SPEC.md §15.5): objects put across the filesystem and S3 come back bit-exact
/// (also to a new pinner over the same records); every injected deletion or corruption is found
/// by probes or the audit and repaired from k other shards; losing two backends of a placement
/// that tolerates two loses nothing, and repair restores full redundancy when they return; a chunk
/// with fewer than k shards left is a typed error naming it.
@Suite struct PinnerTests {
    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bpi-pinner-\(name)-\(UUID().uuidString.prefix(8))").path
    }

    @Test func objectsComeBackFromTheFilesystemAndS3() async throws {
        let s3 = try S3ShardStore(
            location: try S3Location(url: try S3TestServer.backend("pinner")), environment: S3TestServer.environment)
        try await s3.ensureBucket()
        let home = Self.temporary("home")
        let stores: [any ShardStore] = [try FileShardStore(root: Self.temporary("fs")), s3]
        let pinner = try Pinner(home: home, stores: stores)
        var rng = SeededGenerator(seed: 351)
        let object = rng.bytes(700_000)
        let record = try await pinner.put(object, parameters: CodingParameters(k: 4, n: 6, chunkSize: 256 << 10))
        #expect(record.manifest.chunks.count == 3 && Set(record.backends) == Set(stores.map(\.name)))
        #expect(try await pinner.get(record.id) == object)
        // A new pinner over the same records and backends.
        let again = try Pinner(home: home, stores: stores)
        #expect(try await again.objectIDs() == [record.id])
        #expect(try await again.get(record.id) == object)
        let (bytes, header, proof, daObject) = try await again.shard(record.id, chunk: 2, shard: 5)
        #expect(daObject.refusal(shard: bytes, header: header, proof: proof) == nil)
        await #expect(throws: PinnerError.unknownObject(String(repeating: "ab", count: 32))) {
            try await again.get(String(repeating: "ab", count: 32))
        }
    }

    @Test func injectedFaultsAreFoundAndRepaired() async throws {
        let roots = (0..<3).map { _ in Self.temporary("fs") }
        let stores = try roots.map { try FileShardStore(root: $0) }
        let pinner = try Pinner(home: Self.temporary("home"), stores: stores, tolerance: 1)
        var rng = SeededGenerator(seed: 352)
        var objects: [String: [UInt8]] = [:]
        for size in [300_000, 900_000, 50_000] {
            let bytes = rng.bytes(size)
            objects[try await pinner.put(bytes, parameters: CodingParameters(k: 4, n: 6, chunkSize: 256 << 10)).id] = bytes
        }
        // Ten faults: deletions and corruptions of random shards, written behind the pinner's back.
        var injected: Set<String> = []
        for i in 0..<10 {
            let id = objects.keys.sorted()[i % 3]
            let record = try await pinner.record(id)
            let c = Int.random(in: 0..<record.manifest.chunks.count, using: &rng)
            let s = Int.random(in: 0..<6, using: &rng)
            guard injected.insert("\(id)/\(c)/\(s)").inserted else { continue }
            let store = stores.first { $0.name == record.backend(chunk: c, shard: s) }!
            let key = ShardKey(objectID: Hash32(hex: id)!, chunk: c, shard: s)
            if i % 2 == 0 {
                try await store.delete(key)
            } else {
                var bytes = try #require(try await store.get(key))
                bytes[bytes.count / 2] ^= 0x40
                try await store.put(key, bytes)
            }
        }
        var failed = 0
        for _ in 0..<2_000 {
            if let probe = await pinner.probe(using: &rng), probe.read.bytes == nil { failed += 1 }
        }
        let stats = await pinner.stats
        #expect(stats.probes == 2_000 && failed <= injected.count && stats.probesIntact == 2_000 - failed)
        let audit = await pinner.audit()
        #expect(audit.unrecoverable.isEmpty && audit.unavailable == 0)
        #expect(await pinner.stats.repairs == injected.count, "every injected fault repaired (probes + audit)")
        let clean = await pinner.audit()
        #expect(clean.missing == 0 && clean.corrupt == 0 && clean.repaired == 0 && clean.shards == audit.shards)
        for (id, bytes) in objects { #expect(try await pinner.get(id) == bytes) }
    }

    @Test func lessThanKShardsOfAChunkIsUnrecoverableAndNamed() async throws {
        let store = try FileShardStore(root: Self.temporary("fs"))
        let pinner = try Pinner(home: Self.temporary("home"), stores: [store])
        var rng = SeededGenerator(seed: 353)
        let record = try await pinner.put(rng.bytes(600_000), parameters: CodingParameters(k: 4, n: 6, chunkSize: 256 << 10))
        for s in [0, 2, 5] { try await store.delete(ShardKey(objectID: Hash32(hex: record.id)!, chunk: 1, shard: s)) }
        do {
            _ = try await pinner.get(record.id)
            Issue.record("an object with 3 of 6 shards of chunk 1 was rebuilt")
        } catch {
            guard case .unrecoverable(let why) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(why.contains("chunk 1"))
        }
        #expect(await pinner.audit().unrecoverable == ["\(record.id)/1"])
    }

    @Test func losingTwoBackendsLosesNothingAndRepairRestoresRedundancy() async throws {
        // A private moto server, so it can be stopped.
        let port = Int.random(in: 40_000...50_000)
        let endpoint = "http://127.0.0.1:\(port)"
        struct NoServer: Error, CustomStringConvertible {
            var description: String
        }
        // moto's server is a Python program: under a loaded CI machine it can take long to start.
        func startS3() async throws -> BackgroundProcess {
            let server = try BackgroundProcess(S3TestServer.motoServer, ["-H", "127.0.0.1", "-p", String(port)])
            // Asked before the clock is read: a task starved by a busy pool still finds a server that is up.
            let deadline = Date().addingTimeInterval(180)
            while true {
                if (try? Subprocess.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-m", "1", endpoint]))?.status == 0 {
                    return server
                }
                if let ended = try await server.wait(seconds: 0) {
                    throw NoServer(description: "moto_server exited \(ended): \(server.err.suffix(500))")
                }
                if Date() >= deadline { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw NoServer(description: "moto_server did not answer on \(endpoint) within 180 s: \(server.err.suffix(500))")
        }
        var server = try await startS3()
        defer { server.send(SIGKILL) }
        let s3 = try S3ShardStore(
            location: try S3Location(url: "s3://drill?endpoint=\(endpoint)"), environment: S3TestServer.environment)
        try await s3.ensureBucket()
        let folders = (0..<3).map { _ in Self.temporary("fs") }
        let stores: [any ShardStore] = try folders.map { try FileShardStore(root: $0) } + [s3]
        let pinner = try Pinner(home: Self.temporary("home"), stores: stores, tolerance: 2)
        var rng = SeededGenerator(seed: 354)
        var objects: [String: [UInt8]] = [:]
        for size in [1_000_000, 200_000] {
            let bytes = rng.bytes(size)
            objects[try await pinner.put(bytes, parameters: CodingParameters(k: 4, n: 12, chunkSize: 256 << 10)).id] = bytes
        }
        // Take two backends away: stop the S3 server, delete a folder.
        // (SIGKILL: the test runner's blocked signals are inherited, and moto would not see SIGTERM.)
        server.send(SIGKILL)
        let ended = try await server.wait(seconds: 10)
        let probe = try Subprocess.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-m", "1", endpoint])
        #expect(ended != nil && probe.status != 0, "the S3 server still answers after SIGKILL (\(String(describing: ended)))")
        try FileManager.default.removeItem(atPath: folders[0])
        for (id, bytes) in objects { #expect(try await pinner.get(id) == bytes, "with two backends gone") }
        let degraded = await pinner.audit()
        #expect(degraded.unrecoverable.isEmpty && degraded.unavailable > 0 && degraded.missing > 0, "\(degraded)")
        // They come back (the S3 server empty, as a replaced provider would be): repair restores all.
        server = try await startS3()
        try await s3.ensureBucket()
        let restored = await pinner.audit()
        #expect(restored.unrecoverable.isEmpty && restored.unavailable == 0 && restored.missing > 0)
        #expect(restored.repaired == restored.missing + restored.corrupt)
        let full = await pinner.audit()
        #expect(full.missing == 0 && full.corrupt == 0 && full.unavailable == 0 && full.healthy)
        for (id, bytes) in objects { #expect(try await pinner.get(id) == bytes) }
    }
}
