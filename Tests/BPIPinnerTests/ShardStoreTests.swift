import BPIHash
import BPIPinner
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// The storage backends behind `ShardStore` (docs/SPEC.md §15.5): the filesystem and an S3 server
/// on loopback (moto) store, return, replace and delete shards alike; an absent shard is nil; an
/// S3 endpoint nobody listens on is `unavailable`; bad backend URLs are typed errors.
@Suite struct ShardStoreTests {
    static func stores() throws -> [any ShardStore] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-store-\(UUID().uuidString.prefix(8))").path
        let s3 = try S3ShardStore(
            location: try S3Location(url: try S3TestServer.backend("store")), environment: S3TestServer.environment)
        return [try FileShardStore(root: dir), s3]
    }

    @Test func bothBackendsStoreReturnReplaceAndDelete() async throws {
        var rng = SeededGenerator(seed: 350)
        for store in try Self.stores() {
            if let s3 = store as? S3ShardStore { try await s3.ensureBucket() }
            let id = BLAKE3.hash(rng.bytes(8))
            let a = ShardKey(objectID: id, chunk: 0, shard: 3)
            let b = ShardKey(objectID: id, chunk: 12, shard: 0)
            #expect(try await store.get(a) == nil, "\(store.name)")
            let bytes = rng.bytes(26_215)
            try await store.put(a, bytes)
            try await store.put(b, [])
            let gotA = try await store.get(a)
            let gotB = try await store.get(b)
            #expect(gotA == bytes && gotB == [], "\(store.name)")
            let other = rng.bytes(100)
            try await store.put(a, other)
            #expect(try await store.get(a) == other)
            try await store.delete(a)
            try await store.delete(a)
            let goneA = try await store.get(a)
            let stillB = try await store.get(b)
            #expect(goneA == nil && stillB == [])
        }
    }

    @Test func anEndpointNobodyListensOnIsUnavailable() async throws {
        let store = S3ShardStore(
            location: try S3Location(url: "s3://nobody?endpoint=http://127.0.0.1:9"), accessKey: "a", secretKey: "b")
        await #expect(throws: ShardStoreError.self) { try await store.get(ShardKey(objectID: .zero, chunk: 0, shard: 0)) }
        do {
            _ = try await store.get(ShardKey(objectID: .zero, chunk: 0, shard: 0))
        } catch {
            guard case .unavailable = error else {
                Issue.record("expected unavailable, got \(error)")
                return
            }
        }
    }

    @Test func badBackendURLsAreTypedErrors() throws {
        for bad in ["http://bucket", "s3://", "s3://B", "s3://ok-bucket?endpoint=ftp://x", "s3://ok-bucket?color=red"] {
            #expect(throws: ShardStoreError.self, "\(bad)") { try S3Location(url: bad) }
        }
        let ok = try S3Location(url: "s3://shards.eu?region=eu-west-3")
        #expect(ok.endpoint.absoluteString == "https://s3.eu-west-3.amazonaws.com" && ok.region == "eu-west-3")
        #expect(throws: ShardStoreError.self) { try S3ShardStore(location: ok, environment: [:]) }
    }
}
