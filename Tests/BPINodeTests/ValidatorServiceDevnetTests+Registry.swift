import BPICodec
import BPIDockLock
import BPIFrames
import BPIHash
import BPILightClientTool
import BPINode
import BPIRegistry
import BPITestSupport
import BPITools
import BPITypes
import Foundation
import Testing

/// The receipt registry on a devnet (docs/SPEC.md §14.7): `bpi registry serve` follows validator 0
/// as a light client; every receipt it returns verifies against a header the light client verified;
/// filters and cursors page through all of them once; after `kill -9` it resumes without missing or
/// repeating one — on SQLite and on PostgreSQL alike, which answer identically; with a JWT secret, reads need a token with the scope (401/403), and a token minted
/// by PyJWT is accepted. A source that lies about a block's frames is caught. In the serialized suite.
extension ValidatorServiceDevnetTests {
    @Test(
        "registry: follows the chain as a light client, pages every receipt once with its proof, resumes after kill -9, JWT 401/403"
    )
    func registry() async throws {
        let net = try DevnetFixture(validators: 4)
        defer { net.shutdown() }
        try await net.waitUntil([0, 1, 2, 3], reach: 2)
        let rpc = try net.client(0)
        var executors: [ServiceClient] = []
        for name in ["reg-a", "reg-b"] {
            var client = ServiceClient(
                rpc: rpc, identity: ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.devnet/svc/\(name)")))
            let registration = try await client.submit { s, tick in s.register(tick: tick) }
            _ = try await ServiceClient.waitFinalized(registration.id, rpc: rpc, timeout: 60)
            executors.append(client)
        }
        let wordcount = try DockLock.wasm(fromWAT: ExampleWorkload.wordcount.wat)
        var submitted: [Receipt] = []
        func submit(_ n: Int) async throws -> UInt64 {
            var last: UInt64 = 0
            for i in 0..<n {
                let k = submitted.count
                let job = try RunJob(
                    module: wordcount, inputs: [RunInput(name: "doc.txt", content: Array("receipt \(k) \(i)".utf8))], seed: .zero,
                    timeMs: UInt64(k), args: ["wordcount"])
                let run = try DockLock.run(job)
                var executor = executors[k % 2]
                try await executor.resume(to: [executor.id])
                let signed = executor.sender.sign(run.receipt)
                let frame = try await executor.submit { s, tick in
                    s.receipt(signed, witnessLog: WitnessLog.encode(run.witness), tick: tick)
                }
                executors[k % 2] = executor
                last = max(last, try #require(try await ServiceClient.waitFinalized(frame.id, rpc: rpc, timeout: 60).height))
                submitted.append(signed)
            }
            return last
        }
        var height = try await submit(6)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let secretFile = dir + "/secret"
        let secret = "registry-secret-0123456789abcdef-0123456789"
        FileManager.default.createFile(
            atPath: secretFile, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600])
        let api = rpc.base.absoluteString
        // Both backends follow the same devnet: SQLite (a file) and PostgreSQL (a fresh schema of the
        // loopback server scripts/test starts).
        let postgres = try PostgresTestServer.url(schema: PostgresTestServer.freshSchema("bpi_devnet"))
        let backends = [["--db", dir + "/registry.sqlite"], ["--postgres", postgres]]
        func start(jwt: Bool, backend: [String]) async throws -> (BackgroundProcess, RPCClient) {
            let process = try BackgroundProcess(
                BPIBinary.path,
                ["registry", "serve", "--rpc", api, "--listen", "127.0.0.1:0"] + backend
                    + (jwt ? ["--jwt-secret-file", secretFile] : []))
            let deadline = Date().addingTimeInterval(60)
            while !process.out.contains("listening on"), Date() < deadline, try await process.wait(seconds: 0.1) == nil {}
            let line = try #require(process.out.split(separator: "\n").first { $0.hasPrefix("listening on") }, "\(process.err)")
            return (process, try RPCClient(url: "http://" + line.dropFirst("listening on ".count), timeout: 10))
        }
        func waitIndexed(_ client: RPCClient, through h: UInt64) async throws {
            let deadline = Date().addingTimeInterval(60)
            while try await client.getJSON("/v1/registry/status", as: RegistryStatusView.self).height < h {
                guard Date() < deadline else {
                    Issue.record("the registry did not reach height \(h)")
                    return
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }

        func all(_ client: RPCClient, _ query: String) async throws -> [RegistryReceiptView] {
            var items: [RegistryReceiptView] = []
            var after: String?
            repeat {
                let page = try await client.getJSON(
                    "/v1/registry/receipts?limit=2" + query + (after.map { "&after=\($0)" } ?? ""), as: RegistryPageView.self)
                items += page.items
                after = page.next
            } while after != nil
            return items
        }

        // Open access: index, then page through everything with limit 2 and verify each proof; the two
        // backends answer byte for byte alike.
        var running: [(BackgroundProcess, RPCClient)] = []
        for backend in backends { running.append(try await start(jwt: false, backend: backend)) }
        var answers: [[RegistryReceiptView]] = []
        for (_, client) in running {
            try await waitIndexed(client, through: height)
            let everything = try await all(client, "")
            #expect(Set(everything.map(\.receipt.id)) == Set(submitted.map(\.id.hex)) && everything.count == submitted.count)
            answers.append(everything)
            let byExecutor = try await all(client, "&executor=\(executors[1].id.hex)")
            #expect(byExecutor.count == 3 && byExecutor.allSatisfy { $0.receipt.executor == executors[1].id.hex })
            let one = try await client.getJSON("/v1/registry/receipts/\(submitted[4].id.hex)", as: RegistryReceiptView.self)
            #expect(one.receipt.receipt == Hex.encode(submitted[4].canonicalBytes()))
            #expect(try await client.exchange("/v1/registry/receipts/\(Hash32.zero.hex)", method: "GET").status == 404)
            #expect(try await client.exchange("/v1/registry/receipts?after=nonsense", method: "GET").status == 400)
        }
        #expect(answers.count == 2 && answers[0] == answers[1], "SQLite and PostgreSQL answer differently")
        let chain = ChainFile(entries: try await rpc.chain(through: height))
        for item in answers[0] {
            let receipt = try Receipt(canonicalBytes: try Hex.decode(item.receipt.receipt))
            let path = MerkleProof(
                index: UInt64(item.proof.index), count: UInt64(item.proof.count),
                siblings: item.proof.siblings.compactMap { Hash32(hex: $0) })
            let (report, refusal) = try LightClientTool.verifyReceipt(
                genesis: try net.genesis(), chain: chain, receipt: receipt, proof: path, height: try #require(item.receipt.height)
            )
            #expect(report.failure == nil && refusal == nil, "\(refusal ?? "")")
        }

        // kill -9, more receipts, restart: all of them once.
        for (registry, _) in running {
            registry.send(SIGKILL)
            _ = try await registry.wait(seconds: 10)
        }
        height = try await submit(4)
        running = []
        for backend in backends { running.append(try await start(jwt: true, backend: backend)) }
        defer { for (registry, _) in running { registry.send(SIGTERM) } }
        let wrongScope = try await RegistryAuth.token(
            secret: Array(secret.utf8), subject: "t", scope: "registry:write", expires: Date().addingTimeInterval(600))
        let expired = try await RegistryAuth.token(
            secret: Array(secret.utf8), subject: "t", scope: "registry:read", expires: Date().addingTimeInterval(-60))
        let minted = try Oracle.run(
            "jwt_oracle.py",
            input: JSONSerialization.data(withJSONObject: [
                "secret": secret, "sub": "auditor", "scope": "registry:read", "exp": Int(Date().timeIntervalSince1970) + 600,
            ]))
        let token = String(decoding: minted, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        answers = []
        for (_, open) in running {
            // With a secret: no token 401, the wrong scope 403, an expired token 401, a PyJWT token 200.
            #expect(try await open.exchange("/v1/registry/status", method: "GET").status == 401)
            #expect(
                try await open.exchange(
                    "/v1/registry/status", method: "GET", headers: ["Authorization": "Bearer \(wrongScope)"]
                ).status == 403)
            #expect(
                try await open.exchange("/v1/registry/status", method: "GET", headers: ["Authorization": "Bearer \(expired)"])
                    .status == 401)
            let client = try RPCClient(url: open.base.absoluteString, timeout: 10, bearer: token)
            try await waitIndexed(client, through: height)
            let everything = try await all(client, "")
            #expect(everything.count == submitted.count && Set(everything.map(\.receipt.id)) == Set(submitted.map(\.id.hex)))
            answers.append(everything)
        }
        #expect(answers.count == 2 && answers[0] == answers[1], "SQLite and PostgreSQL answer differently after resuming")
        try await PostgresRegistryStore(location: try PostgresLocation(url: postgres)).dropSchema()
    }

    @Test("registry: a source that lies about a block's frames or headers is refused, nothing of that block indexed")
    func registryRefusesALyingSource() async throws {
        let net = try DevnetFixture(validators: 4)
        defer { net.shutdown() }
        try await net.waitUntil([0, 1, 2, 3], reach: 2)
        var service = ServiceClient(
            rpc: try net.client(0),
            identity: ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.devnet/svc/liar-check")))
        let registration = try await service.submit { s, tick in s.register(tick: tick) }
        let registered = try #require(
            try await ServiceClient.waitFinalized(registration.id, rpc: try net.client(0), timeout: 60).height)
        let honest = RPCChainSource(rpc: try net.client(0))
        // The first block with frames (the validators' own services register early too).
        var withFrame: UInt64 = 1
        while try await honest.frames(at: withFrame).isEmpty, withFrame < registered { withFrame += 1 }
        struct Lying: ChainSource {
            let honest: RPCChainSource
            let mode: Int
            func latestHeight() async throws -> UInt64 { try await honest.latestHeight() }
            func entries(from: UInt64, to: UInt64) async throws -> [ChainEntry] {
                var e = try await honest.entries(from: from, to: to)
                if mode == 1, !e.isEmpty { e[0].header.timestamp += 1 }
                return e
            }
            func frames(at height: UInt64) async throws -> [Frame] {
                let f = try await honest.frames(at: height)
                return mode == 2 ? Array(f.dropLast()) : f
            }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("registry-lie-\(UUID().uuidString.prefix(8))")
            .path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SQLiteRegistryStore(path: dir + "/r.sqlite")
        var tampered = try await RegistryFollower(
            genesis: try net.genesis(), store: store, source: Lying(honest: honest, mode: 1))
        await #expect(throws: RegistryError.self) { _ = try await tampered.step() }
        #expect(try await store.height() == 0)
        // Dropping the block's frame: caught at that height, everything below it indexed.
        var dropping = try await RegistryFollower(
            genesis: try net.genesis(), store: store, source: Lying(honest: honest, mode: 2))
        await #expect(throws: RegistryError.framesMismatch(height: withFrame)) { _ = try await dropping.step() }
        #expect(try await store.height() == withFrame - 1)
        var honestFollower = try await RegistryFollower(genesis: try net.genesis(), store: store, source: honest)
        #expect(try await honestFollower.step() >= 1)
        #expect(try await store.height() >= withFrame)
    }
}
