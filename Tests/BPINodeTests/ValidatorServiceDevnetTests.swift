import BPICodec
import BPIConsensus
import BPIDockLock
import BPIFrames
import BPIHash
import BPILightClientTool
import BPINode
import BPITestSupport
import BPITools
import BPITypes
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The validator service end to end: real `bpi node` processes on loopback, talking Noise over
/// TCP, killed, restarted and misbehaving. Safety (no two different finalized headers at one
/// height) is asserted in every test. Serialized: each test runs up to 7 processes on 2 cores.
@Suite("Devnet (validator processes on loopback)", .serialized)
struct ValidatorServiceDevnetTests {
    @Test(
        "4 validators finalize 20 headers with frames between two services; bad frames are refused on entry; the light client verifies the chain"
    )
    func fourValidators() async throws {
        let net = try DevnetFixture(validators: 4)
        defer { net.shutdown() }
        try await net.waitUntil([0, 1, 2, 3], reach: 2)
        // Two services register (each through its own validator); A sends B 12 frames through validator 0.
        var services = TestServices(count: 2, seed: 7)
        var a = ServiceClient(rpc: try net.client(0), identity: services.senders[0].identity)
        var b = ServiceClient(rpc: try net.client(1), identity: services.senders[1].identity)
        let registrations = [
            try await a.submit { s, tick in s.register(tick: tick) }, try await b.submit { s, tick in s.register(tick: tick) },
        ]
        for r in registrations { _ = try await ServiceClient.waitFinalized(r.id, rpc: try net.client(2)) }
        var ids: [Hash32] = []
        for k in 0..<12 {
            let payload = Array("frame \(k)".utf8) + [UInt8](repeating: UInt8(k), count: 100)
            let f = try await a.submit { s, tick in s.frame(to: b.id, kind: .data, payload: payload, tick: tick) }
            ids.append(f.id)
        }

        // Refused on entry, each with its reason, and never stored: a replay, a reordering (a gap
        // in the nonce chain), an unknown tick, a forged signature, a key the directory does not
        // hold, and — after A rotates its keys — A's old key.
        let api = try net.client(0)
        func refusal(_ frame: Frame) async throws -> (Int, String) {
            let reply = try await api.exchange("/v1/frames", method: "POST", body: Data(frame.canonicalBytes()))
            struct Body: Decodable {
                struct Inner: Decodable { var reason: String }
                var error: Inner
            }
            return (reply.status, (try? JSONDecoder().decode(Body.self, from: reply.body))?.error.reason ?? "?")
        }
        let tick = try await ServiceClient.tick(rpc: api)
        let replayed = try await ServiceClient.frames(to: b.id, rpc: api).first { $0.header.kind == .data }
        if let replayed { #expect(try await refusal(replayed) == (409, "stale-nonce")) }
        var skipping = a.sender
        _ = skipping.frame(to: b.id, kind: .data, payload: [1], tick: tick)
        var refused: [Frame] = [skipping.frame(to: b.id, kind: .data, payload: [2], tick: tick)]
        #expect(try await refusal(refused[0]) == (422, "broken-chain"))
        var staleTick = a.sender
        refused.append(
            staleTick.frame(
                to: b.id, kind: .data, payload: [3], tick: TickRef(height: tick.height, tickIndex: 0, tickHash: BLAKE3.hash([9])))
        )
        #expect(try await refusal(refused[1]) == (422, "unknown-tick"))
        let mallory = ServiceIdentity.generate(name: a.sender.identity.name)
        var forger = FrameSender(identity: mallory, chain: a.sender.chain, nonces: a.sender.nonces)
        refused.append(forger.frame(to: b.id, kind: .data, payload: [4], tick: tick))
        #expect(try await refusal(refused[2]) == (422, "bad-signature"))
        var stranger = FrameSender(identity: ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.test/svc/stranger")))
        refused.append(stranger.frame(to: b.id, kind: .data, payload: [5], tick: tick))
        #expect(try await refusal(refused[3]) == (422, "unknown-service"))
        let oldKeys = a.sender
        let rotation = try await a.submit { s, tick in
            s.rotate(to: ServiceIdentity.generate(name: oldKeys.identity.name), sequence: 1, tick: tick)
        }
        _ = try await ServiceClient.waitFinalized(rotation.id, rpc: api)
        var retired = FrameSender(identity: oldKeys.identity, chain: a.sender.chain, nonces: a.sender.nonces)
        refused.append(retired.frame(to: b.id, kind: .data, payload: [6], tick: try await ServiceClient.tick(rpc: api)))
        #expect(try await refusal(refused[4]) == (422, "bad-signature"))
        ids.append(try await a.submit { s, tick in s.frame(to: b.id, kind: .data, payload: [7], tick: tick) }.id)
        let metrics = String(decoding: try await api.get("/metrics"), as: UTF8.self)
        #expect(
            metrics.contains("bpi_frames_refused_total{reason=\"broken-chain\"} 1"),
            "\(metrics.split(separator: "\n").filter { $0.contains("refused") })")

        // Frames pending at height H are in a block within a few heights.
        let submittedAt = (await net.heights()).compactMap { $0 }.max() ?? 0
        try await net.waitUntil([0, 1, 2, 3], reach: max(20, submittedAt + 4))
        let common = try await net.assertSafety()
        #expect(common >= 20)

        let report = try await VerifyTool.verify(rpc: try net.client(2), genesis: try net.genesis())
        #expect(report.failure == nil)
        #expect(report.verifiedHeight >= 20)
        // Every header's tick list replays from the previous header's VRF output (SPEC §11.2).
        let ticks = try await PoHTool.verify(rpc: try net.client(3))
        #expect(ticks.failure == nil, "\(ticks.text)")
        #expect(ticks.through >= 20 && ticks.hashes >= 20 * 1_024, "\(ticks.text)")

        // Every node holds every accepted frame, and none of the refused ones.
        for i in 0..<4 {
            let held = Set(try await ServiceClient.frames(to: b.id, rpc: try net.client(i)).map(\.id))
            #expect(ids.allSatisfy(held.contains), "validator \(i)")
            #expect(refused.allSatisfy { !held.contains($0.id) }, "validator \(i)")
        }

        // B finalizes a DockLock receipt, so that the receipt routes have one to answer with.
        let exitRun = try DockLock.run(
            try RunJob(
                module: try DockLock.wasm(fromWAT: ExampleWorkload.exitCode.wat), inputs: [], seed: .zero, timeMs: 0,
                args: ["exit-code"]))
        let receipt = b.sender.sign(exitRun.receipt)
        let receiptFrame = try await b.submit { s, tick in
            s.receipt(receipt, witnessLog: WitnessLog.encode(exitRun.witness), tick: tick)
        }
        _ = try await ServiceClient.waitFinalized(receiptFrame.id, rpc: try net.client(1))
        // And pins an agreement, so that the agreement route has one to answer with.
        let bundle = try AgreementBuilder.bundle(
            name: "route-walk", agreementVersion: 1, governs: [receipt.runHeader.moduleHash], limits: .standard,
            policies: [
                try DockLock.wasm(
                    fromWAT: #"(module (memory (export "memory") 1) (func (export "pre") (result i32) (i32.const 0)))"#)
            ])
        let pinFrame = try await b.submit { s, tick in s.agreement(bundle, tick: tick) }
        _ = try await ServiceClient.waitFinalized(pinFrame.id, rpc: try net.client(1))
        // And commits a data-availability object, so that the object route has one to answer with.
        let daObject = try DAObject(
            k: 4, n: 6, chunkSize: 256 << 10, size: 1_000, objectHash: BLAKE3.hash([1]), shardRoot: BLAKE3.hash([2]))
        let daFrame = try await b.submit { s, tick in s.daCommit(daObject, tick: tick) }
        _ = try await ServiceClient.waitFinalized(daFrame.id, rpc: try net.client(1))
        // And A challenges B for one of its shards, so that the challenge routes have one to answer with.
        let challengeFrame = try await a.submit { s, tick in
            s.daChallenge(DAChallenge(objectID: daObject.id, chunk: 0, shard: 5), storer: b.id, tick: tick)
        }
        _ = try await ServiceClient.waitFinalized(challengeFrame.id, rpc: try net.client(1))

        // Every GET route of the API answers on a live node (the endless header stream is read below).
        for route in NodeAPI.routes where route.method == "GET" && route.path != "/v1/headers/stream" {
            var path = route.path.replacingOccurrences(of: "{height}", with: "1")
            path = path.replacingOccurrences(of: "/v1/services/{id}", with: "/v1/services/\(b.id)")
            path = path.replacingOccurrences(of: "/v1/receipts/{id}", with: "/v1/receipts/\(receipt.id.hex)")
            path = path.replacingOccurrences(of: "/v1/agreements/{id}", with: "/v1/agreements/\(bundle.id.hex)")
            path = path.replacingOccurrences(of: "/v1/da/objects/{id}", with: "/v1/da/objects/\(daObject.id.hex)")
            path = path.replacingOccurrences(
                of: "/v1/da/challenges/{id}", with: "/v1/da/challenges/\(challengeFrame.id.hex)")
            path = path.replacingOccurrences(of: "{id}", with: ids[0].description)
            if path == "/v1/frames" { path += "?dst=\(b.id)" }
            if route.path == "/v1/frames/{id}/opening" {
                // No epoch key before height 65 (the threshold test opens a frame through it): the
                // route answers that this data frame is no encrypted one.
                let reply = try await net.client(1).exchange(path, method: "GET")
                #expect(
                    reply.status == 404 && String(decoding: reply.body, as: UTF8.self).contains("no finalized encrypted frame"))
                continue
            }
            if route.path == "/v1/evidence/{id}" {
                // An honest devnet holds no evidence (the Byzantine test fetches some by id): a 404 saying so.
                let reply = try await net.client(1).exchange(path, method: "GET")
                #expect(reply.status == 404 && String(decoding: reply.body, as: UTF8.self).contains("no evidence"))
                continue
            }
            if route.path == "/v1/anchors" {
                // This devnet anchors nowhere (the anchors test configures it): the route says so.
                let reply = try await net.client(1).exchange(path, method: "GET")
                #expect(reply.status == 404 && String(decoding: reply.body, as: UTF8.self).contains("posts no anchors"))
                continue
            }
            _ = try await net.client(1).get(path)
            // HEAD answers like GET, without a body.
            let head = try await net.client(1).exchange(path, method: "HEAD")
            #expect(head.status == 200 && head.body.isEmpty, "HEAD \(path): \(head.status)")
        }

        // The finality window holds the heights asked for, and refuses a from that is no height.
        let status1 = try await net.client(1).getJSON("/v1/status", as: NodeStatus.self)
        let window = try await net.client(1).getJSON("/v1/finality?from=2", as: FinalityView.self)
        let later = try await net.client(1).getJSON("/v1/finality?from=\(status1.height + 1_000)", as: FinalityView.self)
        #expect(window.from == 2 && window.heights >= 1 && window.p50Ms != nil && window.p95Ms! >= window.p50Ms!)
        #expect(later.heights == 0 && later.p50Ms == nil)
        #expect(try await net.client(1).exchange("/v1/finality?from=two", method: "GET").status == 400)

        // A frame's location comes with a Merkle proof to its header's frames_root.
        let location = try await net.client(2).getJSON("/v1/frames/\(ids[5].description)", as: FrameLocationView.self)
        let header = try await net.client(0).getJSON("/v1/headers/\(try #require(location.height))", as: HeaderView.self)
        let proof = MerkleProof(
            index: UInt64(try #require(location.index)), count: UInt64(try #require(location.count)),
            siblings: try (location.siblings ?? []).map { Hash32(bytes: try Hex.decode($0)) })
        #expect(location.status == "finalized" && header.framesRoot == location.framesRoot)
        #expect(try proof.root(forLeafHash: ids[5]).description == header.framesRoot)
        #expect(try Frame(canonicalBytes: Hex.decode(try #require(location.frame))).id == ids[5])
        // That block's tick list mixes in the frame's chain value, at its place among the block's frames.
        let list = try await net.client(1).getJSON("/v1/blocks/\(try #require(location.height))/poh", as: PoHView.self)
        #expect(list.frames.firstIndex(of: ids[5].description) == location.index && list.pohRoot == header.pohRoot)
        #expect(list.records.compactMap(\.mixin) == list.events)
        #expect(list.records.count(where: { $0.mixin == nil }) == Int(list.ticksPerBlock))
        // The directory knows both services; A at its rotated keys.
        let entry = try #require(try await ServiceClient.service(a.id, rpc: try net.client(3)))
        #expect(entry.sequence == 1 && entry.signingKey == a.sender.identity.signing.publicKey.description)

        // Errors are JSON; height 0 is a bad request; the latest header and readiness answer.
        let unknown = try await net.client(0).exchange("/v1/no-such-thing", method: "GET")
        #expect(unknown.status == 404 && String(decoding: unknown.body, as: UTF8.self).contains("\"message\""))
        let zero = try await net.client(0).exchange("/v1/headers/0", method: "GET")
        #expect(zero.status == 400 && String(decoding: zero.body, as: UTF8.self).contains("heights start at 1"))
        let readiness = try await net.client(0).exchange("/readyz", method: "GET")
        #expect(readiness.status == 200, "\(String(decoding: readiness.body, as: UTF8.self))")
        let page = try await net.client(0).exchange("/v1/headers?from=1&to=200", method: "GET")
        let latest = (await net.heights())[0] ?? 0
        if latest > 100 { #expect(page.headers["link"]?.contains("from=101") == true) }

        // The header stream: events from height 1 on, in order, each a header that matches the API's.
        let base = try net.client(1).base
        let events = try SSEProbe.read(host: base.host!, port: base.port!, path: "/v1/headers/stream?from=1", events: 3)
        #expect(events.map(\.id) == ["1", "2", "3"], "\(events)")
        #expect(events.allSatisfy { $0.event == "header" && $0.data.contains("\"height\":\($0.id)") })

        // schemathesis (an independent OpenAPI fuzzer) against the live node: every response
        // matches the document, no request crashes it, invalid input is refused, valid accepted.
        let apiURL = try net.client(1).base.absoluteString
        let schemathesis = URL(fileURLWithPath: Oracle.python).deletingLastPathComponent().appendingPathComponent("schemathesis")
            .path
        let schemathesisArgs = [
            "run", apiURL + "/openapi.yaml", "--url", apiURL, "--max-examples", "25", "--seed", "1", "--no-color",
        ]
        // An endless event stream has no response to check; it is read by SSEProbe above.
        let run = try Subprocess.run(
            schemathesis,
            schemathesisArgs + [
                "--exclude-path", "/v1/headers/stream", "--exclude-name", "POST /v1/frames", "--exclude-name",
                "POST /v1/frames/batch", "--exclude-name", "POST /v1/set-change/votes",
            ])
        #expect(run.status == 0, "schemathesis found problems:\n\(run.out.suffix(3_000))")
        // A frame is canonical CBOR with valid signatures, and a validator set needs valid proofs of
        // possession: no schema can say so, so what the schema allows is refused (400, 422) —
        // every other check still runs on POST /v1/frames and POST /v1/set-change/votes.
        let frames = try Subprocess.run(
            schemathesis,
            schemathesisArgs + [
                "--include-name", "POST /v1/frames", "--include-name", "POST /v1/frames/batch", "--include-name",
                "POST /v1/set-change/votes", "--exclude-checks", "positive_data_acceptance",
            ])
        #expect(frames.status == 0, "schemathesis found problems:\n\(frames.out.suffix(3_000))")
        #expect((await net.heights())[1] != nil, "the node stopped answering after schemathesis")
    }

    @Test("Kill -9 one of 4: the rest keep finalizing; restarted, it catches up from its store and its peers")
    func killOneAndRestart() async throws {
        let net = try DevnetFixture(validators: 4)
        defer { net.shutdown() }
        try await net.waitUntil([0, 1, 2, 3], reach: 5)
        try net.kill([3])
        let before = (await net.heights())[0] ?? 0
        try await net.waitUntil([0, 1, 2], reach: before + 8)
        try net.start([3])
        let target = ((await net.heights()).compactMap { $0 }.max() ?? 0) + 2
        try await net.waitUntil([0, 1, 2, 3], reach: target)
        try await net.assertSafety()
    }

    @Test("Kill 2 of 4: finalization stops without conflict; restart one: it resumes")
    func killTwoStopsThenResumes() async throws {
        let net = try DevnetFixture(validators: 4)
        defer { net.shutdown() }
        try await net.waitUntil([0, 1, 2, 3], reach: 4)
        try net.kill([2, 3])
        // A height whose COMMITs were already on the wire may still complete; after one round-change
        // timeout nothing is in flight. From then on, two of four (half the power, below the
        // > 2/3 quorum) must finalize nothing, across several timeouts (1.5 s, 2 s, …).
        // (Waiting here is the observation window of a negative property, not a timing crutch.)
        try await Task.sleep(for: .milliseconds(1_200))
        let stalled = (await net.heights()).compactMap { $0 }.max() ?? 0
        let observeUntil = Date().addingTimeInterval(4)
        while Date() < observeUntil {
            let h = await net.heights()
            #expect((h[0] ?? 0) <= stalled && (h[1] ?? 0) <= stalled, "finalized without a quorum: \(h)")
            try await Task.sleep(for: .milliseconds(250))
        }
        try await net.assertSafety([0, 1])
        try net.start([3])
        try await net.waitUntil([0, 1, 3], reach: stalled + 5)
        try await net.assertSafety([0, 1, 3])
    }

    @Test("Partitions: 2|2 finalizes nothing and, healed, resumes; 3|1 keeps finalizing and the minority catches up")
    func partitions() async throws {
        let net = try DevnetFixture(validators: 4)
        defer { net.shutdown() }
        try await net.waitUntil([0, 1, 2, 3], reach: 3)
        try await net.partition([[0, 1], [2, 3]])
        // (As in the kill-two test: one timeout for what was on the wire, then a window in which
        // neither half, each with half the power, may finalize anything.)
        try await Task.sleep(for: .milliseconds(1_200))
        let split = (await net.heights()).compactMap { $0 }.max() ?? 0
        let observeUntil = Date().addingTimeInterval(3)
        while Date() < observeUntil {
            let h = await net.heights()
            #expect(h.allSatisfy { ($0 ?? 0) <= split }, "finalized in a half without a quorum: \(h)")
            try await Task.sleep(for: .milliseconds(250))
        }
        try await net.partition([[0, 1, 2, 3]])
        try await net.waitUntil([0, 1, 2, 3], reach: split + 4)
        try await net.assertSafety()

        try await net.partition([[0, 1, 2], [3]])
        let before = (await net.heights())[0] ?? 0
        try await net.waitUntil([0, 1, 2], reach: before + 6)
        let minority = (await net.heights())[3] ?? 0
        #expect(minority <= before + 1, "the isolated validator finalized alone: \(minority)")
        try await net.partition([[0, 1, 2, 3]])
        let majority = (await net.heights()).compactMap { $0 }.max() ?? 0
        try await net.waitUntil([3], reach: majority)
        try await net.assertSafety()
    }

    @Test("A Byzantine validator (equivocating, malformed, replaying): the others stay safe and live, and record evidence")
    func byzantineValidator() async throws {
        let net = try DevnetFixture(validators: 4, byzantine: [3: "all"])
        defer { net.shutdown() }
        try await net.waitUntil([0, 1, 2], reach: 15)
        try await net.assertSafety()
        struct Evidence: Decodable { var offender: UInt64 }
        for i in 0..<3 {
            let evidence = try await net.client(i).getJSON("/v1/evidence", as: [Evidence].self)
            #expect(!evidence.isEmpty, "validator \(i) recorded no evidence")
            #expect(evidence.allSatisfy { $0.offender == 3 }, "evidence against an honest validator")
        }
        let metrics = String(decoding: try await net.client(0).get("/metrics"), as: UTF8.self)
        #expect(metrics.contains("bpi_rejected_messages_total"))
        #expect(Self.metric("bpi_rejected_messages_total", in: metrics) > 0)
        // Evidence makes it into headers, and the light client checks it.
        let report = try await VerifyTool.verify(rpc: try net.client(0), genesis: try net.genesis())
        #expect(report.failure == nil)
        #expect(report.verifiedHeight >= 15)
        try await Self.portableEvidence(net, report.verifiedHeight)
    }

    /// Portable evidence (SPEC §18.9) out of validator 0: paged, by id, exported, and verified from
    /// the genesis by `bpi evidence verify` and by the standalone Python verifier.
    static func portableEvidence(_ net: DevnetFixture, _ height: UInt64) async throws {
        let rpc = try net.client(0)
        let url = rpc.base.absoluteString
        let genesisPath = DevnetLayout(directory: net.directory).genesis.path
        let all = try await EvidenceTool.fetchAll(rpc: rpc)
        try #require(!all.isEmpty)
        let first = try await rpc.getJSON("/v1/evidence?limit=1", as: [NodeAPI.EvidenceView].self)
        #expect(first.count == 1 && first[0].id == all[0].id)
        let one = try await rpc.getJSON("/v1/evidence/\(try #require(all.last?.id))", as: NodeAPI.EvidenceView.self)
        #expect(one == all.last)
        #expect((try? await rpc.get("/v1/evidence/" + String(repeating: "ab", count: 32))) == nil, "an unknown id is 404")
        #expect((try? await rpc.get("/v1/evidence?limit=0")) == nil, "limit 0 is refused")
        let dir = net.directory + "/evidence"
        let exported = try BPIBinary.run(["evidence", "export", "--rpc", url, "--out", dir])
        let files = exported.out.split(separator: "\n").map(String.init)
        // The Byzantine validator goes on equivocating: the export may hold items recorded since.
        let names = Set(files.map { URL(fileURLWithPath: $0).lastPathComponent })
        #expect(exported.status == 0 && all.allSatisfy { names.contains("\($0.id ?? "").cbor") }, "\(exported.err)")
        let verified = try BPIBinary.run(["evidence", "verify", "--genesis", genesisPath, "--rpc", url, "--json"] + files)
        #expect(verified.status == 0 && verified.out.contains("\"offenders\":[3]"), "\(verified.out)\(verified.err)")
        // The Python verifier, from the genesis and the chain exported beside the evidence.
        let python = try Self.pythonVerdicts(net, node: 0, ids: all.compactMap(\.id))
        #expect(python.status == 0 && python.lines.count == all.count, "\(python.lines)")
        #expect(python.lines.allSatisfy { $0.hasPrefix("ok ") && $0.hasSuffix("offenders=3") }, "\(python.lines)")
    }

    /// Exports node `node`'s evidence items `ids` and its chain, and runs the standalone Python
    /// verifier on them from the devnet's genesis: its exit status and one line per item.
    static func pythonVerdicts(_ net: DevnetFixture, node: Int, ids: [String]) throws -> (status: Int32, lines: [String]) {
        let dir = net.directory + "/evidence-\(UUID().uuidString.prefix(8))"
        let url = try net.client(node).base.absoluteString
        let exported = try BPIBinary.run(["evidence", "export", "--rpc", url, "--out", dir, "--chain-out", dir + "/chain.cbor"])
        #expect(exported.status == 0, "\(exported.err)")
        let python = try Subprocess.run(
            Oracle.python,
            [
                TestPaths.packageRoot.appendingPathComponent("Tests/Oracles/evidence_verifier.py").path,
                DevnetLayout(directory: net.directory).genesis.path, dir + "/chain.cbor",
            ] + ids.map { dir + "/\($0).cbor" })
        return (python.status, python.out.split(separator: "\n").map(String.init))
    }

    @Test(
        "Message loss: 7 validators at 10%, and 4 at 5% with 5% duplicated, 5% reordered and up to 20 ms delay, stay live over more than 1,000 consensus messages",
        arguments: [(7, 0.10, 20, false), (4, 0.05, 40, true)])
    func messageLoss(validators: Int, loss: Double, headers: UInt64, disorder: Bool) async throws {
        let net = try DevnetFixture(validators: validators, dropRate: loss, disorder: disorder)
        defer { net.shutdown() }
        try await net.waitUntil(Array(0..<validators), reach: headers, within: 90)
        try await net.assertSafety()
        var received = 0.0
        for i in 0..<validators {
            let metrics = String(decoding: try await net.client(i).get("/metrics"), as: UTF8.self)
            received += Self.metric("bpi_consensus_messages_total", in: metrics)
        }
        #expect(received >= 1_000)
    }

    @Test(
        "the golden path through the command line: bpi demo --anchors --json, then init, up --detach --json, status, verify, down"
    )
    func commandLine() async throws {
        let demo = try BPIBinary.run(["demo", "--validators", "4", "--headers", "8", "--payloads", "4", "--anchors", "--json"])
        #expect(demo.status == 0, "\(demo.err.suffix(2_000))")
        struct DemoReport: Decodable {
            var ok: Bool
            var finalizedHeight: UInt64
            var identicalHeaders: Bool
            var verifiedHeight: UInt64
            var payloadsFinalized: Int
            var payloadsDecrypted: Int
            var rotated: Bool
            var daObjectBytes: Int
            var daShardsRepaired: Int
            var daShardVerified: Bool
            var anchorsConfirmed: [String: UInt64]
        }
        let report = try JSONDecoder().decode(DemoReport.self, from: demo.stdout)
        #expect(report.ok && report.identicalHeaders && report.finalizedHeight >= 8 && report.verifiedHeight >= 8)
        // Both test L1s confirmed validator 0's anchors (each checked by the demo against the verified chain).
        #expect(
            report.anchorsConfirmed.keys.sorted() == ["evm-a", "evm-b"] && report.anchorsConfirmed.values.allSatisfy { $0 >= 4 })
        #expect(report.payloadsFinalized == 4 && report.payloadsDecrypted == 4 && report.rotated)
        #expect(report.daObjectBytes == 3 << 20 && report.daShardsRepaired == 1 && report.daShardVerified)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-cli-devnet-\(UUID().uuidString.prefix(8))")
            .path
        defer {
            _ = try? BPIBinary.run(["down", "--dir", dir])
            try? FileManager.default.removeItem(atPath: dir)
        }
        #expect(try BPIBinary.run(["init", "--validators", "4", "--dir", dir, "--base-port", "0"]).status == 0)
        let up = try BPIBinary.run(["up", "--dir", dir, "--detach", "--wait-height", "3", "--json", "--timeout", "60"])
        #expect(up.status == 0, "\(up.err)")
        let status = try BPIBinary.run(["status", "--dir", dir, "--json"])
        let rows = try JSONDecoder().decode([DevnetTool.Row].self, from: status.stdout)
        #expect(rows.count == 4 && rows.allSatisfy { $0.up && $0.height >= 3 })
        let api = "http://" + (try DevnetLayout(directory: dir).configs()[2].api.text)
        let verify = try BPIBinary.run(["verify", "--rpc", api, "--dir", dir, "--json"])
        #expect(verify.status == 0 && verify.out.contains("\"ok\":true"), "\(verify.out) \(verify.err)")
        // The tick lists replay through the command line; a range past the chain is a usage error.
        let poh = try BPIBinary.run(["poh", "verify", "--rpc", api, "--from", "2", "--json"])
        #expect(poh.status == 0 && poh.out.contains("\"ok\":true") && poh.out.contains("\"from\":2"), "\(poh.out) \(poh.err)")
        let pastEnd = try BPIBinary.run(["poh", "verify", "--rpc", api, "--from", "1000000"])
        #expect(pastEnd.status == 2 && pastEnd.err.contains("nothing to check"), "\(pastEnd.err)")
        // From a trusted checkpoint: header 2's hash, taken here from another validator's API.
        let other = try DevnetLayout(directory: dir).configs()[1].api.text
        let header = try JSONDecoder().decode(
            HeaderView.self, from: try Subprocess.run("/usr/bin/curl", ["-s", "http://\(other)/v1/headers/2"]).stdout)
        let fromCheckpoint = try BPIBinary.run([
            "verify", "--rpc", api, "--dir", dir, "--trusted-height", "2", "--trusted-hash", header.hash, "--json",
        ])
        #expect(fromCheckpoint.status == 0 && fromCheckpoint.out.contains("\"ok\":true"), "\(fromCheckpoint.err)")
        let wrongHash = try BPIBinary.run([
            "verify", "--rpc", api, "--dir", dir, "--trusted-height", "2", "--trusted-hash", String(repeating: "ab", count: 32),
        ])
        #expect(wrongHash.status == 1 && wrongHash.err.contains("not the trusted"), "\(wrongHash.err)")

        // Services and frames through the command line: register two, send a file end to end
        // (the session is set up through the mesh), rotate the sender, send again, receive both
        // decrypted, and prove a frame's inclusion against a light-client-verified header.
        let home = dir + "/services-home"
        let secret = dir + "/services-pass"
        try Data("a service passphrase".utf8).write(to: URL(fileURLWithPath: secret))
        let serviceArgs = ["--home", home, "--passphrase-file", secret, "--rpc", api]
        for name in ["alice", "bob"] {
            let r = try BPIBinary.run(
                ["service", "register", "--name", name, "--spiffe-id", "spiffe://bpi.devnet/svc/\(name)"] + serviceArgs)
            #expect(r.status == 0 && r.out.contains("registered spiffe://bpi.devnet/svc/\(name)"), "\(r.err)")
        }
        let again = try BPIBinary.run(
            ["service", "register", "--name", "carol", "--spiffe-id", "spiffe://bpi.devnet/svc/alice"] + serviceArgs)
        #expect(again.status == 1 && again.err.contains("registered on chain already"), "\(again.err)")
        try Data("first message".utf8).write(to: URL(fileURLWithPath: dir + "/m1"))
        try Data("after the rotation".utf8).write(to: URL(fileURLWithPath: dir + "/m2"))
        let first = try BPIBinary.run(
            ["frame", "send", "--from", "alice", "--to", "bob", "--data-file", dir + "/m1", "--wait", "--json"] + serviceArgs)
        #expect(first.status == 0 && first.out.contains("\"sessionCreated\":true"), "\(first.err)")
        let rotate = try BPIBinary.run(["service", "rotate", "--name", "alice"] + serviceArgs)
        #expect(rotate.status == 0 && rotate.out.contains("sequence 1"), "\(rotate.err)")
        let second = try BPIBinary.run(
            ["frame", "send", "--from", "alice", "--to", "bob", "--data-file", dir + "/m2", "--wait"] + serviceArgs)
        #expect(second.status == 0, "\(second.err)")
        let received = try BPIBinary.run(["frame", "recv", "--svc", "bob", "--json"] + serviceArgs)
        #expect(
            received.status == 0 && received.out.contains("first message") && received.out.contains("after the rotation"),
            "\(received.out) \(received.err)")
        let nothingNew = try BPIBinary.run(["frame", "recv", "--svc", "bob", "--json"] + serviceArgs)
        #expect(
            nothingNew.status == 0 && nothingNew.out.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(nothingNew.out)")
        let frameID = second.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let proof = try BPIBinary.run(["frame", "prove", "--hash", frameID, "--rpc", api])
        #expect(proof.status == 0, "\(proof.err)")
        try proof.stdout.write(to: URL(fileURLWithPath: dir + "/proof.json"))
        let genesisPath = dir + "/genesis.json"
        let checked = try BPIBinary.run([
            "frame", "verify-proof", "--proof", dir + "/proof.json", "--genesis", genesisPath, "--rpc", api,
        ])
        #expect(checked.status == 0 && checked.out.hasPrefix("valid"), "\(checked.err)")
        // A tampered proof: another frame in its place (the first one's bytes) — refused, exit 1.
        let firstID = try #require((try JSONSerialization.jsonObject(with: first.stdout) as? [String: Any])?["id"] as? String)
        let firstProof = try BPIBinary.run(["frame", "prove", "--hash", firstID, "--rpc", api])
        var tampered = try JSONSerialization.jsonObject(with: proof.stdout) as! [String: Any]
        tampered["frame"] = (try JSONSerialization.jsonObject(with: firstProof.stdout) as! [String: Any])["frame"]
        try JSONSerialization.data(withJSONObject: tampered).write(to: URL(fileURLWithPath: dir + "/tampered.json"))
        let refused = try BPIBinary.run([
            "frame", "verify-proof", "--proof", dir + "/tampered.json", "--genesis", genesisPath, "--rpc", api,
        ])
        #expect(refused.status == 1, "\(refused.out) \(refused.err)")
        // A service in another home answers its own handshakes: alice's send waits while carol's
        // operator runs recv (which answers), then completes the session and sends.
        let carolHome = dir + "/carol-home"
        let carolArgs = ["--home", carolHome, "--passphrase-file", secret, "--rpc", api]
        let carol = try BPIBinary.run(
            ["service", "register", "--name", "carol", "--spiffe-id", "spiffe://bpi.devnet/svc/carol"] + carolArgs)
        #expect(carol.status == 0, "\(carol.err)")
        let sending = try BackgroundProcess(
            BPIBinary.path,
            ["frame", "send", "--from", "alice", "--to", "spiffe://bpi.devnet/svc/carol", "--data-file", dir + "/m1", "--wait"]
                + serviceArgs)
        var answeredHandshake = false
        let answerDeadline = Date().addingTimeInterval(60)
        while !answeredHandshake && Date() < answerDeadline {
            let r = try BPIBinary.run(["frame", "recv", "--svc", "carol"] + carolArgs)
            #expect(r.status == 0, "\(r.err)")
            answeredHandshake = r.err.contains("answered a session handshake")
        }
        #expect(answeredHandshake)
        #expect(try await sending.wait(seconds: 60) == 0, "\(sending.err)")
        let carolGot = try BPIBinary.run(["frame", "recv", "--svc", "carol", "--json"] + carolArgs)
        #expect(carolGot.status == 0 && carolGot.out.contains("first message"), "\(carolGot.out) \(carolGot.err)")
        try Data("{".utf8).write(to: URL(fileURLWithPath: dir + "/broken.json"))
        let malformed = try BPIBinary.run([
            "frame", "verify-proof", "--proof", dir + "/broken.json", "--genesis", genesisPath, "--rpc", api,
        ])
        #expect(malformed.status == 2, "\(malformed.err)")

        // DockLock through the command line: run the word count, submit its receipt as bob (every
        // validator replays it), fetch its proof and the chain, and check them from genesis alone.
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        try Data("one two three\nfour".utf8).write(to: URL(fileURLWithPath: dir + "/in/doc.txt"))
        let run = try BPIBinary.run([
            "run", "--example", "wordcount", "--input", dir + "/in", "--out", dir + "/run", "--receipt-out",
            dir + "/receipt.cbor",
        ])
        #expect(run.status == 0 && run.out.contains("\"outcome\" : \"exited\""), "\(run.err)")
        #expect(try String(contentsOfFile: dir + "/run/stdout", encoding: .utf8) == "4\n")
        let replay = try BPIBinary.run([
            "receipt", "replay", "--receipt", dir + "/receipt.cbor", "--witness", dir + "/run/witness.log",
        ])
        #expect(replay.status == 0 && replay.out.hasPrefix("OK"), "\(replay.out) \(replay.err)")
        let submit = try BPIBinary.run(
            [
                "receipt", "submit", "--receipt", dir + "/receipt.cbor", "--witness", dir + "/run/witness.log", "--service",
                "bob",
                "--wait", "--json",
            ] + serviceArgs)
        #expect(submit.status == 0, "\(submit.err)")
        let receiptID = try #require(
            (try JSONSerialization.jsonObject(with: submit.stdout) as? [String: Any])?["receipt"] as? String)
        let prove = try BPIBinary.run(["receipt", "prove", "--rpc", api, "--id", receiptID, "--out", dir + "/receipt-proof"])
        #expect(prove.status == 0, "\(prove.err)")
        let proofDir = dir + "/receipt-proof"
        let verified = try BPIBinary.run([
            "receipt", "verify", "--receipt", proofDir + "/receipt.cbor", "--proof", proofDir + "/proof.json", "--genesis",
            genesisPath, "--chain", proofDir + "/chain.cbor",
        ])
        #expect(verified.status == 0 && verified.out.hasPrefix("OK"), "\(verified.out) \(verified.err)")
        let lc = try Subprocess.run(
            URL(fileURLWithPath: BPIBinary.path).deletingLastPathComponent().appendingPathComponent("lc-verify").path,
            [
                "--genesis", genesisPath, "--chain", proofDir + "/chain.cbor", "--receipt", proofDir + "/receipt.cbor",
                "--receipt-proof", proofDir + "/proof.json",
            ])
        #expect(lc.status == 0 && lc.out.contains("is committed by height"), "\(lc.out) \(lc.err)")
        // The unsigned local receipt is not the one on chain: its proof does not take it to the root (exit 1).
        let foreign = try BPIBinary.run([
            "receipt", "verify", "--receipt", dir + "/receipt.cbor", "--proof", proofDir + "/proof.json", "--genesis",
            genesisPath,
            "--chain", proofDir + "/chain.cbor",
        ])
        #expect(foreign.status == 1, "\(foreign.out) \(foreign.err)")

        // Agreements through the command line: build the output bound, pin it as bob, run the word
        // count under it, submit the governed receipt (validators re-run its post hook) and read it back.
        let agreementc = AgreementcBinary.path
        let built = try Subprocess.run(
            agreementc,
            [
                "build", TestPaths.packageRoot.appendingPathComponent("examples/agreements/output-bound").path, "--out",
                dir + "/bound.agreement", "--json",
            ])
        #expect(built.status == 0, "\(built.err)")
        let agreementID = try #require((try JSONSerialization.jsonObject(with: built.stdout) as? [String: Any])?["id"] as? String)
        let pinned = try Subprocess.run(
            agreementc, ["pin", dir + "/bound.agreement", "--service", "bob", "--json"] + serviceArgs)
        #expect(pinned.status == 0 && pinned.out.contains(agreementID), "\(pinned.out) \(pinned.err)")
        let governed = try BPIBinary.run([
            "run", "--example", "wordcount", "--input", dir + "/in", "--agreement", dir + "/bound.agreement", "--out",
            dir + "/governed",
            "--receipt-out", dir + "/governed.cbor",
        ])
        #expect(governed.status == 0 && governed.out.contains("\"verdict\" : \"accept\""), "\(governed.out) \(governed.err)")
        let governedReplay = try BPIBinary.run([
            "receipt", "replay", "--receipt", dir + "/governed.cbor", "--witness", dir + "/governed/witness.log",
        ])
        #expect(
            governedReplay.status == 1 && governedReplay.out.contains("agreement"), "without the bundle: \(governedReplay.out)")
        let governedSubmit = try BPIBinary.run(
            [
                "receipt", "submit", "--receipt", dir + "/governed.cbor", "--witness", dir + "/governed/witness.log",
                "--agreement", dir + "/bound.agreement", "--service", "bob", "--wait", "--json",
            ] + serviceArgs)
        #expect(governedSubmit.status == 0, "\(governedSubmit.err)")
        let governedID = try #require(
            (try JSONSerialization.jsonObject(with: governedSubmit.stdout) as? [String: Any])?["receipt"] as? String)
        let onChain = try JSONDecoder().decode(
            ReceiptView.self, from: try Subprocess.run("/usr/bin/curl", ["-s", api + "/v1/receipts/" + governedID]).stdout)
        #expect(onChain.approved && onChain.policyResults.map(\.verdict) == ["accept"])
        #expect(onChain.runHeader.agreementID == agreementID)

        // Shadow receipts: alice (a legacy system) delegates to bob (its gateway) for this agreement and a
        // time window; bob issues the governed receipt as a shadow receipt; the chain of custody verifies
        // under alice's key from the directory, and not under another key or outside the window.
        func directoryEntry(_ name: String) throws -> ServiceView {
            let shown = try BPIBinary.run(["service", "show", name, "--json", "--home", home, "--rpc", api])
            return try JSONDecoder().decode(ServiceView.self, from: shown.stdout)
        }
        let alice = try directoryEntry("alice")
        let bob = try directoryEntry("bob")
        let aliceKey = try #require(alice.signingKey)
        for (window, expected) in [((0, 1_000), Int32(0)), ((10, 20), Int32(1))] {
            let chainFile = dir + "/chain-\(window.0).cbor"
            let delegated = try BPIBinary.run([
                "shadow", "delegate", "--issuer", "alice", "--gateway", bob.id, "--gateway-key", try #require(bob.signingKey),
                "--agreement", agreementID, "--not-before-ms", String(window.0), "--not-after-ms", String(window.1), "--label",
                "ledger-mainframe/2026", "--out", chainFile, "--home", home, "--passphrase-file", secret,
            ])
            #expect(delegated.status == 0, "\(delegated.err)")
            let issued = try BPIBinary.run([
                "shadow", "issue", "--receipt", dir + "/governed.cbor", "--delegations", chainFile, "--gateway", "bob", "--out",
                dir + "/shadow-\(window.0).cbor", "--home", home, "--passphrase-file", secret,
            ])
            #expect(issued.status == 0, "\(issued.err)")
            let checked = try BPIBinary.run([
                "shadow", "verify", "--shadow", dir + "/shadow-\(window.0).cbor", "--principal", alice.id, "--principal-key",
                aliceKey,
            ])
            #expect(checked.status == expected, "\(checked.out) \(checked.err)")
            #expect(expected == 0 ? checked.out.hasPrefix("OK") : checked.out.contains("window"), "\(checked.out)")
        }
        let wrongKey = try BPIBinary.run([
            "shadow", "verify", "--shadow", dir + "/shadow-0.cbor", "--principal", alice.id, "--principal-key",
            try #require(bob.signingKey),
        ])
        #expect(wrongKey.status == 1 && wrongKey.out.contains("signature"), "\(wrongKey.out)")

        // Data availability through the command line: code an object, commit it as bob (the block's
        // daRoot commits it), fetch its proof and the chain, and check a shard from genesis alone:
        // shard → header → shardRoot → object → daRoot → verified header.
        var rng = SeededGenerator(seed: 34)
        try Data(rng.bytes(700_000)).write(to: URL(fileURLWithPath: dir + "/object.bin"))
        let encoded = try BPIBinary.run([
            "da", "encode", "--k", "4", "--n", "6", "--in", dir + "/object.bin", "--out", dir + "/coded", "--json",
        ])
        #expect(encoded.status == 0, "\(encoded.err)")
        let objectID = try #require(
            (try JSONSerialization.jsonObject(with: encoded.stdout) as? [String: Any])?["objectID"] as? String)
        let missing = try Subprocess.run(
            "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", api + "/v1/da/objects/" + objectID])
        #expect(missing.out == "404", "before the commit: \(missing.out)")
        let committed = try BPIBinary.run(["da", "commit", "--in", dir + "/coded", "--service", "bob", "--json"] + serviceArgs)
        #expect(committed.status == 0 && committed.out.contains(objectID), "\(committed.out) \(committed.err)")
        let daProve = try BPIBinary.run(["da", "prove", "--rpc", api, "--id", objectID, "--out", dir + "/da-proof"])
        #expect(daProve.status == 0, "\(daProve.err)")
        let chainArgs = [
            "--proof", dir + "/da-proof/proof.json", "--genesis", genesisPath, "--chain", dir + "/da-proof/chain.cbor",
        ]
        let shardOK = try BPIBinary.run(
            [
                "da", "verify-shard", "--in", dir + "/coded", "--chunk", "2", "--shard", "5", "--file",
                dir + "/coded/chunk-2-shard-5.bin",
            ] + chainArgs)
        #expect(
            shardOK.status == 0 && shardOK.out.contains("committed by the daRoot of verified height"),
            "\(shardOK.out) \(shardOK.err)")
        // Another shard's bytes in its place: refused before the chain is consulted (exit 1).
        let wrongShard = try BPIBinary.run(
            [
                "da", "verify-shard", "--in", dir + "/coded", "--chunk", "2", "--shard", "5", "--file",
                dir + "/coded/chunk-2-shard-4.bin",
            ] + chainArgs)
        #expect(wrongShard.status == 1, "\(wrongShard.out) \(wrongShard.err)")
        // A proof whose Merkle path was altered does not reach the verified daRoot (exit 1).
        var daTampered =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/da-proof/proof.json")))
            as! [String: Any]
        daTampered["count"] = ((daTampered["count"] as? Int) ?? 1) + 1
        try JSONSerialization.data(withJSONObject: daTampered).write(to: URL(fileURLWithPath: dir + "/da-tampered.json"))
        let daRefused = try BPIBinary.run(
            [
                "da", "verify-shard", "--in", dir + "/coded", "--chunk", "0", "--shard", "0", "--file",
                dir + "/coded/chunk-0-shard-0.bin", "--proof", dir + "/da-tampered.json", "--genesis", genesisPath, "--chain",
                dir + "/da-proof/chain.cbor",
            ])
        #expect(daRefused.status == 1 && daRefused.err.contains("da_root"), "\(daRefused.out) \(daRefused.err)")
        // A pinner keeps the same object; validator 1 samples it (its schedule from the committing
        // header's VRF output) — all intact; a corrupted shard is then named by the failed sample.
        let kept = try BPIBinary.run([
            "da", "put", "--home", dir + "/pinner", "--k", "4", "--n", "6", "--in", dir + "/object.bin", "--json",
        ])
        #expect(kept.status == 0 && kept.out.contains(objectID), "\(kept.err)")
        let pinner = try BackgroundProcess(
            BPIBinary.path,
            ["pinner", "serve", "--home", dir + "/pinner", "--listen", "127.0.0.1:0", "--probe-every-ms", "600000"])
        defer { pinner.send(SIGKILL) }
        let pinnerURL = try await pinner.listeningURL(seconds: 30) ?? ""
        let sampled = try BPIBinary.run([
            "da", "sample", "--rpc", api, "--pinner", pinnerURL, "--id", objectID, "--validator", "1", "--json",
        ])
        try #require(sampled.status == 0, "\(sampled.out) \(sampled.err) (pinner: \(pinnerURL))")
        let samples = try #require(try JSONSerialization.jsonObject(with: sampled.stdout) as? [String: Any])
        // Four validators (three honest samplers): no s < k reaches 2^-32, so each reads k = 4 distinct
        // shards of every chunk — a miss is impossible.
        #expect(samples["sampled"] as? Int == 12 && samples["intact"] as? Int == 12 && samples["log2Miss"] == nil, "\(samples)")
        // A shard of chunk 1 the schedule samples (it depends on the header's VRF output) is corrupted.
        let positions = try #require(samples["positions"] as? [[String: Int]])
        let target = try #require(positions.first { $0["chunk"] == 1 }?["shard"], "\(positions)")
        let shardFile = dir + "/pinner/shards/objects/\(objectID)/1-\(target)"
        var stored = try [UInt8](Data(contentsOf: URL(fileURLWithPath: shardFile)))
        stored[7] ^= 0x80
        try Data(stored).write(to: URL(fileURLWithPath: shardFile))
        let caught = try BPIBinary.run([
            "da", "sample", "--rpc", api, "--pinner", pinnerURL, "--id", objectID, "--validator", "1",
        ])
        #expect(
            caught.status == 1 && caught.out.contains("FAILED 1/\(target)"), "\(caught.status): \(caught.out) \(caught.err)")
        // The failed sample opens a challenge against bob, the storer, signed by alice.
        let challenging = try BPIBinary.run([
            "da", "sample", "--rpc", api, "--pinner", pinnerURL, "--id", objectID, "--validator", "1", "--challenge-as",
            "alice", "--home", home, "--passphrase-file", secret, "--json",
        ])
        #expect(challenging.status == 1, "\(challenging.out) \(challenging.err)")
        let opened = try #require(
            (try JSONSerialization.jsonObject(with: challenging.stdout) as? [String: Any])?["challenges"] as? [String])
        let openedParts = try #require(opened.first?.split(separator: " ").map(String.init))
        try #require(opened.count == 1 && openedParts.count == 6 && openedParts[1] == "1/\(target)", "\(opened)")

        // Challenges (SPEC §15.8): alice has challenged bob, the storer, for the shard the pinner
        // lost (a withholder: bob cannot answer), and challenges 0/1, which bob answers late but within
        // the window (a slow storer). Only the withheld one becomes fault evidence, which a
        // light client checks from the genesis.
        func challenge(_ chunk: Int, _ shard: Int) throws -> (id: String, height: UInt64, deadline: UInt64) {
            let made = try BPIBinary.run(
                [
                    "da", "challenge", "--id", objectID, "--chunk", "\(chunk)", "--shard", "\(shard)", "--service", "alice",
                    "--json",
                ]
                    + serviceArgs)
            try #require(made.status == 0, "\(made.out) \(made.err)")
            let fields = try #require(try JSONSerialization.jsonObject(with: made.stdout) as? [String: Any])
            return (
                try #require(fields["challengeID"] as? String), UInt64(try #require(fields["height"] as? Int)),
                UInt64(try #require(fields["deadline"] as? Int))
            )
        }
        // The sampling sidecar of validator 2 goes through the chain once, reading every shard: it finds
        // the committed object and the corrupted shard; its challenge is refused, that shard has one open.
        let sidecar = try BPIBinary.run([
            "da", "sampler", "--rpc", api, "--pinner", pinnerURL, "--validator", "2", "--per-chunk", "6", "--once",
            "--challenge-as", "alice", "--home", home, "--passphrase-file", secret, "--json",
        ])
        #expect(sidecar.status == 1, "\(sidecar.out) \(sidecar.err)")
        let sidecarReport = try #require(try JSONSerialization.jsonObject(with: sidecar.stdout) as? [String: Any])
        let sampledObjects = try #require(sidecarReport["objects"] as? [[String: Any]])
        #expect(
            sampledObjects.count == 1 && sampledObjects[0]["objectID"] as? String == objectID
                && sampledObjects[0]["sampled"] as? Int == 18 && sampledObjects[0]["intact"] as? Int == 17,
            "\(sidecarReport)")
        #expect(
            (sampledObjects.first?["challenges"] as? [String])?.first?.contains("open challenge") == true, "\(sidecarReport)")
        let slow = try challenge(0, 1)
        let withheldDeadline = try #require(UInt64(openedParts[5]))
        let withheld = (id: openedParts[0], height: withheldDeadline - DAChallenge.answerWindow, deadline: withheldDeadline)
        #expect(slow.deadline == slow.height + DAChallenge.answerWindow)
        let twice = try BPIBinary.run(
            ["da", "challenge", "--id", objectID, "--chunk", "0", "--shard", "1", "--service", "alice"] + serviceArgs)
        #expect(twice.status == 1 && twice.err.contains("open challenge"), "\(twice.status): \(twice.err)")
        func chainHeight() throws -> UInt64 {
            let view = try Subprocess.run("/usr/bin/curl", ["-s", api + "/v1/headers/latest"])
            return UInt64((try JSONSerialization.jsonObject(with: view.stdout) as? [String: Any])?["height"] as? Int ?? 0)
        }
        func waitForHeight(_ target: UInt64) async throws {
            let until = Date().addingTimeInterval(120)
            while try chainHeight() < target, Date() < until { try await Task.sleep(for: .milliseconds(250)) }
            try #require(try chainHeight() >= target, "the devnet did not reach height \(target)")
        }
        try await waitForHeight(slow.height + 4)
        let answered = try BPIBinary.run(
            ["da", "respond", "--service", "bob", "--pinner", pinnerURL, "--challenge", slow.id] + serviceArgs)
        #expect(answered.status == 0 && answered.out.contains("answered \(slow.id)"), "\(answered.out) \(answered.err)")
        let cannot = try BPIBinary.run(
            ["da", "respond", "--service", "bob", "--pinner", pinnerURL, "--challenge", withheld.id] + serviceArgs)
        #expect(cannot.status == 1 && cannot.out.contains("UNANSWERED"), "\(cannot.out) \(cannot.err)")
        try await waitForHeight(withheld.deadline + 2)
        let fault = try BPIBinary.run([
            "da", "fault", "--rpc", api, "--challenge", withheld.id, "--genesis", genesisPath, "--json",
        ])
        #expect(fault.status == 0, "\(fault.out) \(fault.err)")
        let faultReport = try #require(try JSONSerialization.jsonObject(with: fault.stdout) as? [String: Any])
        #expect(
            faultReport["status"] as? String == "faulted" && faultReport["verified"] as? Bool == true
                && faultReport["faultHeight"] as? Int == Int(withheld.deadline + 1), "\(faultReport)")
        let noFault = try BPIBinary.run(["da", "fault", "--rpc", api, "--challenge", slow.id, "--genesis", genesisPath])
        #expect(noFault.status == 1 && noFault.out.contains("status: answered"), "\(noFault.out) \(noFault.err)")
        // Every validator's chain carries the same evidence and still verifies from the genesis.
        let verifyAll = try BPIBinary.run(["verify", "--rpc", api, "--dir", dir, "--json"])
        #expect(verifyAll.status == 0 && verifyAll.out.contains("\"ok\":true"), "\(verifyAll.out) \(verifyAll.err)")

        let down = try BPIBinary.run(["down", "--dir", dir])
        #expect(down.status == 0 && down.out.contains("stopped validators [0, 1, 2, 3]"))
    }

    /// The value of an unlabelled Prometheus sample.
    static func metric(_ name: String, in text: String) -> Double {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.split(separator: " ")[1]) ?? 0
        }
        return 0
    }

    // The validator stops, loudly, rather than sign on without its sign state (SPEC §7.3). In this
    // serialized suite so that no two devnets run at once.
    @Test("the sign-state table vanishes under a running validator: it logs 'stopped for safety', exits, and the others go on")
    func validatorStopsOnFailedWrite() async throws {
        let net = try DevnetFixture(validators: 4)
        defer { net.shutdown() }
        try await net.waitUntil([0, 1, 2, 3], reach: 3)
        let home = URL(fileURLWithPath: net.directory).appendingPathComponent("v0")
        let db = home.appendingPathComponent("data/blocks.sqlite").path
        try SignStateSabotage.dropSignedMessages(at: db)
        // Its next signature fails: it must stop within a few heights of the others.
        let deadline = Date().addingTimeInterval(30)
        var log = ""
        while Date() < deadline {
            log = (try? String(contentsOf: home.appendingPathComponent("node.log"), encoding: .utf8)) ?? ""
            if log.contains("stopped for safety"), (await net.heights())[0] == nil { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(log.contains("stopped for safety"), "no fatal line in v0's log")
        #expect((await net.heights())[0] == nil, "validator 0 still answers")
        let before = (await net.heights())[1] ?? 0
        try await net.waitUntil([1, 2, 3], reach: before + 3)
        try await net.assertSafety([1, 2, 3])
    }

    @Test(
        "the API's write guard: a flooding client gets 429 with Retry-After, a token is required where configured, and the devnet stays live and safe"
    )
    func writeGuard() async throws {
        let token = "0123456789abcdef0123456789abcdef"
        let net = try DevnetFixture(validators: 4) { i, config, home in
            config.apiRateLimit = 20
            config.apiRateBurst = 20
            if i == 1 {
                let file = home.appendingPathComponent("api-token")
                try Data((token + "\n").utf8).write(to: file)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
                config.apiTokenFile = "api-token"
            }
        }
        defer { net.shutdown() }
        try await net.waitUntil([0, 1, 2, 3], reach: 2)
        let start = (await net.heights())[0] ?? 0

        // 200 payload submissions as fast as one client can send them, 8 at a time.
        let client = try net.client(0)
        var statuses: [Int: Int] = [:]
        var retryAfter: [String] = []
        let floodStart = Date()
        try await withThrowingTaskGroup(of: RPCClient.Reply.self) { group in
            for k in 0..<200 {
                if k >= 8, let r = try await group.next() {
                    statuses[r.status, default: 0] += 1
                    if r.status == 429, let v = r.headers["retry-after"] { retryAfter.append(v) }
                }
                // Bodies that are not frames: what gets past the limiter is refused as malformed (400).
                group.addTask { try await client.exchange("/v1/frames", method: "POST", body: Data("flood \(k)".utf8)) }
            }
            for try await r in group {
                statuses[r.status, default: 0] += 1
                if r.status == 429, let v = r.headers["retry-after"] { retryAfter.append(v) }
            }
        }
        let elapsed = Date().timeIntervalSince(floodStart)
        #expect(statuses.values.reduce(0, +) == 200)
        #expect((statuses[400] ?? 0) >= 20, "the burst must get through: \(statuses)")
        // A token bucket of burst 20 and 20/s admits at most 20 + 20·t in t seconds.
        #expect(Double(statuses[400] ?? 0) <= 20 + 20 * elapsed + 1, "\(statuses) in \(elapsed) s")
        #expect((statuses[429] ?? 0) >= 1, "a flood must be limited: \(statuses)")
        #expect(Set(statuses.keys).isSubset(of: [400, 429]), "unexpected answers: \(statuses)")
        #expect(!retryAfter.isEmpty && retryAfter.allSatisfy { (Int($0) ?? 0) >= 1 })
        // Reads are not limited.
        for _ in 0..<50 { _ = try await client.get("/v1/status") }

        // Validator 1 requires its token for writes, not for reads.
        let guarded = try net.client(1)
        var services = TestServices(count: 1, seed: 11)
        let registration = Data(services.registrations(tick: try await ServiceClient.tick(rpc: guarded))[0].canonicalBytes())
        let anonymous = try await guarded.exchange("/v1/frames", method: "POST", body: registration)
        #expect(anonymous.status == 401 && anonymous.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        let wrong = try await guarded.exchange(
            "/v1/frames", method: "POST", body: registration, headers: ["Authorization": "Bearer " + token.uppercased()])
        #expect(wrong.status == 401)
        let right = try await guarded.exchange(
            "/v1/frames", method: "POST", body: registration, headers: ["Authorization": "Bearer " + token])
        #expect(right.status == 202)
        _ = try await guarded.get("/v1/status")

        try await net.waitUntil([0, 1, 2, 3], reach: start + 5)
        try await net.assertSafety()
    }

    @Test(
        "1,000 half-open connections to a validator's peer port: it refuses most at once, times out the rest, and the mesh keeps finalizing"
    )
    func halfOpenFlood() async throws {
        let net = try DevnetFixture(validators: 4)
        defer { net.shutdown() }
        try await net.waitUntil([0, 1, 2, 3], reach: 2)
        let target = try DevnetLayout(directory: net.directory).configs()[0].peers[0]
        var sockets: [Int32] = []
        defer { for s in sockets { close(s) } }
        for _ in 0..<1_000 {
            let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard s >= 0 else { break }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr(target.host)
            address.sin_port = UInt16(target.port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            sockets.append(s)
            #expect(connected == 0)
        }
        #expect(sockets.count == 1_000)
        let start = (await net.heights())[0] ?? 0
        try await net.waitUntil([0, 1, 2, 3], reach: start + 8)
        let metrics = String(decoding: try await net.client(0).get("/metrics"), as: UTF8.self)
        #expect(Self.metric("bpi_p2p_refused_inbound", in: metrics) >= 900, "\(metrics)")
        try await net.assertSafety()
    }
}
