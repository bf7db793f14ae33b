import BPIHash
import BPIRegistry
import BPITestSupport
import BPITools
import BPITypes
import Foundation
import Testing

/// One suite, both backends (docs/SPEC.md §14.7): SQLite (a file) and PostgreSQL (a fresh schema on
/// the loopback server `scripts/test` starts). Each answers the same queries with the same rows,
/// and a batch that collides with what is indexed leaves nothing of itself behind.
@Suite("Registry store (SQLite and PostgreSQL)")
struct RegistryStoreTests {
    /// A store of `backend` and how to throw it away.
    static func open(_ backend: String) async throws -> (store: any RegistryStore, discard: () async -> Void) {
        switch backend {
        case "sqlite":
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let store = try SQLiteRegistryStore(path: dir.appendingPathComponent("r.sqlite").path)
            return (store, { try? FileManager.default.removeItem(at: dir) })
        default:
            let url = try PostgresTestServer.url(schema: PostgresTestServer.freshSchema("bpi_test"))
            let store = try await PostgresRegistryStore(location: try PostgresLocation(url: url))
            return (
                store,
                {
                    try? await store.dropSchema()
                    store.close()
                }
            )
        }
    }

    /// `blocks` blocks of `perBlock` receipts over 3 agreements and 2 executors, on real entries.
    static func blocks(_ count: Int, perBlock: Int, from first: Int = 1) throws -> [(ChainEntry, [Receipt])] {
        let (_, chain) = try TestChain.generate(TestChain.Options(validators: 4, headers: 1))
        let template = try #require(chain.entries.first)
        let agreements = (0..<3).map { HashAlgorithm.blake3.hash(Array("agreement \($0)".utf8)) }
        let executors = (0..<2).map { HashAlgorithm.blake3.hash(Array("executor \($0)".utf8)) }
        return (first..<first + count).map { h in
            var entry = template
            entry.header.height = UInt64(h)
            let receipts = (0..<perBlock).map { i in
                let n = h * 1_000 + i
                var r = Receipt(
                    runHeader: RunHeader(
                        agreementID: agreements[n % 3], moduleHash: agreements[0], inputRoot: Header.emptyRoot, seed: .zero,
                        timeMs: UInt64(n), args: ["t"]),
                    engine: "wasmkit-0.4.2/docklock-1", cesRoot: .zero, witnessRoot: .zero, outputHash: .zero, outcome: .exited,
                    exitCode: 0, fuelUsed: UInt64(n), eventCount: 2)
                r.executor = executors[n % 2]
                r.signature = [UInt8](repeating: 0x5A, count: 64)
                return r
            }
            return (entry, receipts)
        }
    }

    @Test("an empty index answers emptily", arguments: ["sqlite", "postgres"])
    func empty(backend: String) async throws {
        let (store, discard) = try await Self.open(backend)
        #expect(try await store.height() == 0)
        #expect(try await store.count() == 0)
        #expect(try await store.entries().isEmpty)
        #expect(try await store.receipt(id: .zero) == nil)
        #expect(try await store.block(1) == nil)
        let page = try await store.page(ReceiptQuery())
        #expect(page.items.isEmpty && page.next == nil)
        await discard()
    }

    @Test("indexes blocks and answers by id, block, filter and cursor", arguments: ["sqlite", "postgres"])
    func indexesAndAnswers(backend: String) async throws {
        let (store, discard) = try await Self.open(backend)
        let blocks = try Self.blocks(5, perBlock: 7)
        try await store.appendMany(Array(blocks.prefix(2)))
        for (entry, receipts) in blocks.dropFirst(2) { try await store.append(entry, receipts: receipts) }
        #expect(try await store.height() == 5)
        #expect(try await store.count() == 35)
        #expect(try await store.entries() == blocks.map(\.0))

        let (entry, receipts) = blocks[3]
        let found = try #require(try await store.receipt(id: receipts[6].id))
        #expect(found.receipt == receipts[6] && found.at == RegistryCursor(height: 4, index: 6))
        let block = try #require(try await store.block(4))
        #expect(block.header == entry.header && block.ids == receipts.map(\.id))
        let several = try await store.blocks([2, 4, 99])
        #expect(Set(several.keys) == [2, 4] && several[4]?.ids == block.ids && several[2]?.header == blocks[1].0.header)
        #expect(try await store.blocks([]).isEmpty)

        // Paging with every size walks all receipts once, in chain order.
        let all = blocks.flatMap { b in b.1.enumerated().map { (b.0.header.height, $0.offset, $0.element) } }
        for size in [1, 3, 7, 100] {
            var seen: [Receipt] = []
            var query = ReceiptQuery(limit: size)
            while true {
                let page = try await store.page(query)
                #expect(page.items.count <= size)
                seen += page.items.map(\.0)
                guard let next = page.next else { break }
                query.after = next
            }
            #expect(seen == all.map(\.2), "page size \(size)")
        }
        // Filters: agreement, executor, height range, and all together.
        let agreement = receipts[0].runHeader.agreementID
        let executor = receipts[1].executor
        let filtered = try await store.page(
            ReceiptQuery(agreement: agreement, executor: executor, fromHeight: 2, toHeight: 4, limit: 1_000))
        let expected = all.filter {
            $0.2.runHeader.agreementID == agreement && $0.2.executor == executor && (2...4).contains($0.0)
        }
        #expect(!expected.isEmpty && filtered.items.map(\.0) == expected.map(\.2) && filtered.next == nil)
        #expect(
            filtered.items.map(\.1) == expected.map { RegistryCursor(height: $0.0, index: $0.1) })
        let after = try await store.page(ReceiptQuery(after: RegistryCursor(height: 5, index: 5)))
        #expect(after.items.map(\.0) == [blocks[4].1[6]] && after.next == nil)
        await discard()
    }

    @Test("a batch that repeats a height or a receipt leaves nothing of itself", arguments: ["sqlite", "postgres"])
    func batchesAreAtomic(backend: String) async throws {
        let (store, discard) = try await Self.open(backend)
        let blocks = try Self.blocks(3, perBlock: 4)
        try await store.appendMany(Array(blocks.prefix(2)))
        // Height 2 again, after a new height 3: the whole batch fails.
        await #expect(throws: RegistryError.self) { try await store.appendMany([blocks[2], blocks[1]]) }
        #expect(try await store.height() == 2)
        #expect(try await store.count() == 8)
        // A receipt already indexed, in a new block: refused, the block not indexed.
        var repeated = blocks[2]
        repeated.1[3] = blocks[0].1[0]
        await #expect(throws: RegistryError.self) { try await store.append(repeated.0, receipts: repeated.1) }
        #expect(try await store.height() == 2)
        #expect(try await store.count() == 8)
        try await store.append(blocks[2].0, receipts: blocks[2].1)
        #expect(try await store.height() == 3)
        #expect(try await store.count() == 12)
        await discard()
    }

    @Test("SQLite and PostgreSQL give the same answers to the same queries")
    func backendsAgree() async throws {
        let sqlite = try await Self.open("sqlite")
        let postgres = try await Self.open("postgres")
        let blocks = try Self.blocks(6, perBlock: 9)
        for store in [sqlite.store, postgres.store] { try await store.appendMany(blocks) }
        let agreements = Set(blocks.flatMap { $0.1.map(\.runHeader.agreementID) })
        var queries = [ReceiptQuery(limit: 1_000), ReceiptQuery(fromHeight: 3, limit: 5), ReceiptQuery(toHeight: 2)]
        for a in agreements { queries.append(ReceiptQuery(agreement: a, after: RegistryCursor(height: 2, index: 4), limit: 4)) }
        for q in queries {
            let a = try await sqlite.store.page(q)
            let b = try await postgres.store.page(q)
            #expect(a.items.map(\.0) == b.items.map(\.0) && a.items.map(\.1) == b.items.map(\.1) && a.next == b.next)
            #expect(!a.items.isEmpty)
        }
        let sqliteEntries = try await sqlite.store.entries()
        #expect(try await postgres.store.entries() == sqliteEntries)
        await sqlite.discard()
        await postgres.discard()
    }

    @Test("PostgreSQL: wrong credentials and an unreachable server are typed errors naming the location, not the password")
    func postgresRefusals() async throws {
        let url = try PostgresTestServer.url(schema: "bpi_never")
        var location = try PostgresLocation(url: url)
        location.password = "definitely-not-the-password"
        await #expect(throws: RegistryError.self) { _ = try await PostgresRegistryStore(location: location) }
        do {
            _ = try await PostgresRegistryStore(location: location)
        } catch {
            #expect(!error.description.contains("definitely-not-the-password"))
        }
        location = try PostgresLocation(host: "127.0.0.1", port: 1, user: "bpi", password: "x", database: "bpi", tls: .disable)
        await #expect(throws: RegistryError.self) { _ = try await PostgresRegistryStore(location: location) }
    }
}
