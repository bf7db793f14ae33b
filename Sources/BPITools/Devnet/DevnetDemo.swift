import BPICodec
import BPIDockLock
import BPIFrames
import BPIHash
import BPILightClient
import BPILightClientTool
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi demo` (and `bpi bench --group devnet`): init → up → two services register, set up an
/// end-to-end session through the mesh and exchange data frames (one service rotating its keys
/// midway) → wait for finality → the receiver decrypts what was finalized for it → light-client
/// verify → cross-check every node's headers → down, reporting what it proved.
public enum DevnetDemo {
    /// What to run.
    public struct Options: Sendable {
        public var validators = 4
        public var headers: UInt64 = 20
        public var payloads = 20
        public var payloadBytes = 256
        public var blockTimeMilliseconds: UInt64 = 250
        public var dropRate = 0.0
        /// Where the devnet lives; a fresh temporary folder when nil (removed afterwards unless `keep`).
        public var directory: String?
        public var keep = false
        /// Give up when the headers are not finalized within this many seconds.
        public var timeoutSeconds = 60.0
        /// Load test: this many concurrent clients POST small payloads to validator 0 as fast as
        /// they can while the headers are finalized (0: none).
        public var floodClients = 0
        /// Size of the data-availability step's object (0: skip the step).
        public var daObjectBytes = 3 << 20
        /// Start two test L1s and have validator 0 anchor every 4th header to both (SPEC §18.6).
        public var anchors = false

        /// Default options.
        public init() {}
    }

    /// What a run proved.
    public struct Report: Sendable, Codable {
        public var ok: Bool
        public var validators: Int
        public var directory: String
        public var finalizedHeight: UInt64
        public var identicalHeaders: Bool
        public var verifiedHeight: UInt64
        public var seconds: Double
        public var finalityP50Ms: Double?
        public var finalityP95Ms: Double?
        public var roundChanges: UInt64
        public var payloadsSubmitted: Int
        public var payloadsFinalized: Int
        /// Data frames the receiving service decrypted, in order, equal to what was sent.
        public var payloadsDecrypted: Int = 0
        /// Whether the sending service rotated its keys midway and went on under the new ones.
        public var rotated = false
        /// Payload bytes finalized per second of chain time while payloads were pending: the bytes of
        /// the headers carrying payloads after the first, over the time from the first to the last
        /// (header timestamps); nil (JSON null) when fewer than two headers carried payloads.
        public var payloadThroughputBytesPerSecond: Double?
        public var problems: [String]
        /// Whether the devnet folder was kept (`--dir`).
        public var kept: Bool
        /// With `floodClients`: the flood's answers by HTTP status (0: no answer).
        public var floodAnswers: [Int: Int] = [:]
        /// The DockLock receipt of the demo's word count, the height that finalized it, the count it
        /// printed, and whether the light client found it under that verified header's receipts_root.
        public var receiptID: String?
        public var receiptHeight: UInt64?
        public var wordCount: String?
        public var receiptVerified = false
        /// The data-availability step: the object the pinner coded and the service committed, its
        /// size, the height that committed it, the shards the audit repaired after one was deleted,
        /// and whether the light client verified the repaired shard to that header's daRoot.
        public var daObjectID: String?
        public var daObjectBytes = 0
        public var daHeight: UInt64?
        public var daShardsRepaired = 0
        public var daShardVerified = false
        /// With `--anchors`: the highest confirmed anchor per L1 (empty without).
        public var anchorsConfirmed: [String: UInt64] = [:]

        /// The human summary.
        public var text: String {
            var lines: [String] = []
            if ok {
                lines.append("demo: proved, on \(validators) validator processes over Noise-encrypted TCP on loopback:")
            } else {
                lines.append("demo: FAILED:")
                lines += problems.map { "  - \($0)" }
            }
            func ms(_ v: Double?) -> String { v.map { String(format: "%.0f ms", $0) } ?? "-" }
            lines += [
                "  • \(finalizedHeight) headers finalized by IBFT with one BLS aggregate commit each, in \(String(format: "%.1f", seconds)) s "
                    + "(finality p50 \(ms(finalityP50Ms)), p95 \(ms(finalityP95Ms)); \(roundChanges) round changes)",
                "  • safety: every node holds the same header at every height 1…\(finalizedHeight): \(identicalHeaders ? "yes" : "NO")",
                "  • the light client verified \(verifiedHeight) headers and commits from genesis.json alone (no trust in the node)",
                "  • two services registered on chain and set up an end-to-end session (Noise IK through handshake frames)"
                    + (rotated ? "; the sender rotated its keys midway (old and new key both signed) and went on" : ""),
                "  • \(payloadsFinalized)/\(payloadsSubmitted) data frames finalized, each under its header's frames_root and mixed into its PoH ticks"
                    + (payloadThroughputBytesPerSecond.map { String(format: " (%.1f KiB/s while pending)", $0 / 1024) } ?? ""),
                "  • the receiving service decrypted \(payloadsDecrypted)/\(payloadsSubmitted) of them, in order (validators never held the key)",
                "  • a DockLock run (word count, WASM) printed \(wordCount ?? "-"); its receipt was replayed by every validator, "
                    + "finalized at height \(receiptHeight.map(String.init) ?? "-") and found by the light client under that "
                    + "header's receipts_root: \(receiptVerified ? "yes" : "NO")",
                "  • a \(daObjectBytes >> 20) MiB object, erasure-coded by a pinner, was committed at height "
                    + "\(daHeight.map(String.init) ?? "-") (daRoot); one shard was deleted and rebuilt (\(daShardsRepaired) "
                    + "repaired), and the light client verified it up to that daRoot: \(daShardVerified ? "yes" : "NO")",
            ]
            if !anchorsConfirmed.isEmpty {
                lines.append(
                    "  • validator 0 anchored every 4th header to two py-evm L1s; confirmed up to "
                        + anchorsConfirmed.sorted { $0.key < $1.key }.map { "\($0.value) on \($0.key)" }.joined(separator: ", ")
                        + ", each anchor the hash of the header the light client verified")
            }
            lines += [
                kept
                    ? "  • devnet folder (kept): \(directory)"
                    : "  • the temporary devnet folder was removed (keep one with --dir)"
            ]
            return lines.joined(separator: "\n")
        }
    }

    /// Runs the demo; `log` receives progress lines. Once `interrupt` is set (SIGINT, SIGTERM) the
    /// demo stops at its next step with `.interrupted`, after stopping its validators and removing
    /// its temporary folder. (A flag polled between steps, not task cancellation: cancelling a task
    /// inside `URLSession.data(for:)` crashes FoundationNetworking on Linux.)
    public static func run(
        _ o: Options, executable: String = ProcessControl.currentExecutable, interrupt: InterruptSignal? = nil,
        log: @Sendable (String) -> Void
    ) async throws(ToolError) -> Report {
        func checkInterrupted() throws(ToolError) { try Self.check(interrupt) }
        func waitUntil(_ deadline: Date, _ what: String, _ condition: () async -> Bool) async throws(ToolError) {
            try await Self.waitUntil(deadline, what, interrupt: interrupt, condition)
        }
        let directory =
            o.directory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("bpi-demo-\(UUID().uuidString.prefix(8))").path
        var setup = DevnetTool.InitOptions(validators: o.validators, directory: directory)
        setup.basePort = 0
        setup.blockTimeMilliseconds = o.blockTimeMilliseconds
        setup.dropRate = o.dropRate
        // Everything is checked before anything is printed, written or started.
        try setup.validate()
        guard o.headers >= 1, o.payloads >= 0, o.payloadBytes >= 32, o.timeoutSeconds > 0, o.timeoutSeconds.isFinite else {
            throw .badInput("--headers must be ≥ 1, --payloads ≥ 0 and --timeout a positive number of seconds")
        }
        // From here on, whatever happens — failure, timeout, Ctrl-C (the task is cancelled) — the
        // validators started are stopped and a temporary folder is removed.
        defer {
            _ = try? DevnetTool.down(directory: directory)
            if o.directory == nil && !o.keep { try? FileManager.default.removeItem(atPath: directory) }
        }
        log("init: \(o.validators) validators in \(directory) (genesis, encrypted keys, configs)")
        let genesis = try DevnetTool.initialize(setup, interrupt: interrupt)
        try checkInterrupted()
        let layout = DevnetLayout(directory: directory)
        let anchorStep = o.anchors ? try await AnchorStep.prepare(layout: layout, log: log) : nil
        try DevnetTool.up(directory: directory, executable: executable)
        log("up: \(o.validators) validator processes started")
        let configs = try layout.configs()
        let clients = configs.map { layout.client($0) }
        let start = Date()
        let deadline = start.addingTimeInterval(o.timeoutSeconds)

        // Submit payloads (round-robin over the nodes) once the APIs answer and the mesh is complete.
        try await waitUntil(deadline, "the validators to answer and connect to each other") {
            (try? await DevnetTool.status(directory: directory))?.allSatisfy { ($0.status?.peers ?? -1) == o.validators - 1 }
                ?? false
        }
        // Two services register on chain (each through its own validator), set up an end-to-end
        // session through the mesh, and A sends B data frames, rotating its keys halfway.
        let a0 = ServiceIdentity.generate(name: try Self.serviceName("demo-a"))
        let b0 = ServiceIdentity.generate(name: try Self.serviceName("demo-b"))
        var a = ServiceClient(rpc: clients[0], identity: a0)
        var b = ServiceClient(rpc: clients[1 % clients.count], identity: b0)
        let registrations = [
            try await a.submit { s, tick in s.register(tick: tick) }, try await b.submit { s, tick in s.register(tick: tick) },
        ]
        for r in registrations { _ = try await ServiceClient.waitFinalized(r.id, rpc: clients[0], timeout: o.timeoutSeconds) }
        log("services: \(a0.name) and \(b0.name) registered")
        try checkInterrupted()
        var (initiator, responder) = try await SessionSetup.connect(&a, &b, timeout: o.timeoutSeconds)
        log("session: A and B set up an end-to-end session through handshake frames")
        var sent: [(id: Hash32, payload: [UInt8])] = []
        var rotated = false
        for k in 0..<o.payloads {
            try checkInterrupted()
            if k == o.payloads / 2 && o.payloads >= 2 {
                let next = ServiceIdentity.generate(name: a0.name)
                let rotation = try await a.submit { s, tick in s.rotate(to: next, sequence: 1, tick: tick) }
                _ = try await ServiceClient.waitFinalized(rotation.id, rpc: clients[0], timeout: o.timeoutSeconds)
                rotated = true
                log("rotation: A's keys rotated (signed by the old and the new key); A goes on under the new key")
            }
            var payload = Array("demo payload \(k) ".utf8)
            payload += [UInt8](repeating: UInt8(truncatingIfNeeded: k), count: max(0, o.payloadBytes - payload.count))
            let frame = try await a.submit { s, tick in s.data(payload, session: &initiator, tick: tick, now: Stopwatch.now()) }
            sent.append((frame.id, payload))
        }
        log("sent \(o.payloads) data frames of \(o.payloadBytes) bytes from A to B")
        // B runs a WASM workload in DockLock — the word count of a document — and submits the signed
        // receipt with its witness; every validator replays it before ordering it.
        let run = try Self.wordCount()
        let signedReceipt = b.sender.sign(run.receipt)
        let witnessLog = WitnessLog.encode(run.witness)
        let receiptFrame = try await b.submit { s, tick in s.receipt(signedReceipt, witnessLog: witnessLog, tick: tick) }
        let receiptAt = try await ServiceClient.waitFinalized(receiptFrame.id, rpc: clients[0], timeout: o.timeoutSeconds)
        let wordCount = String(decoding: run.outputs.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        log(
            "docklock: word count (WASM) printed \(wordCount); receipt \(signedReceipt.id.hex.prefix(16))… finalized at height "
                + "\(receiptAt.height ?? 0) after every validator replayed it")
        // B commits an erasure-coded object; a pinner keeps its shards, loses one and repairs it.
        var da: DataAvailabilityStep?
        if o.daObjectBytes > 0 {
            try checkInterrupted()
            da = try await dataAvailability(
                committer: &b, rpc: clients[1 % clients.count], genesis: genesis, directory: directory, bytes: o.daObjectBytes,
                timeout: o.timeoutSeconds, log: log)
        }
        // What was pending at height H is finalized within a few heights (more for large loads).
        let submittedAt = (try await DevnetTool.status(directory: directory)).map(\.height).max() ?? 0
        let target = max(o.headers, submittedAt + 4 + UInt64(o.payloads * o.payloadBytes >> 20))

        let flood =
            o.floodClients > 0 ? PayloadFlood(host: configs[0].api.host, port: configs[0].api.port, clients: o.floodClients) : nil
        flood?.start()
        var floodAnswers: [Int: Int] = [:]
        defer { if let flood, floodAnswers.isEmpty { _ = flood.stop() } }
        var lastLine = ""
        try await waitUntil(deadline, "\(target) headers on every validator") {
            let rows = (try? await DevnetTool.status(directory: directory)) ?? []
            let line = DevnetTool.progressLine(rows)
            if line != lastLine, interrupt?.isSet != true {
                log("… " + line)
                lastLine = line
            }
            return rows.allSatisfy { $0.height >= target }
        }
        floodAnswers = flood?.stop() ?? [:]
        let seconds = Date().timeIntervalSince(start)
        let rows = try await DevnetTool.status(directory: directory)

        var problems: [String] = []
        let safety = try await DevnetTool.checkSafety(directory: directory, minCommonHeight: target)
        if !safety.conflicts.isEmpty { problems.append("conflicting headers at heights \(safety.conflicts)") }
        let report = try await VerifyTool.verify(rpc: clients[0], genesis: genesis)
        if let failure = report.failure { problems.append("light client: \(failure.description)") }
        log("verify: the light client checked \(report.verifiedHeight) headers from genesis")

        // Every data frame is in a finalized block; the rate at which they were finalized.
        var found = Set<Hash32>()
        var carrying: [(height: UInt64, bytes: Int)] = []
        for h in 1...max(1, report.verifiedHeight) {
            try checkInterrupted()
            struct Page: Decodable { var frames: [FrameView] }
            let page = try await clients[0].getJSON("/v1/blocks/\(h)/frames", as: Page.self)
            var blockBytes = 0
            for view in page.frames where view.kind == "data" {
                guard let frame = try? Frame(canonicalBytes: Hex.decode(view.frame)) else { continue }
                found.insert(frame.id)
                blockBytes += frame.sealedPayload.count
            }
            if blockBytes > 0 { carrying.append((h, blockBytes)) }
        }
        // The receiver reads what was finalized for it and opens it with its end of the session.
        var decrypted = 0
        var receiving = responder
        let received = try await ServiceClient.frames(to: b.id, rpc: clients[1 % clients.count])
        for (frame, expected) in zip(received.filter { $0.header.kind == .data && $0.header.source == a.id }, sent) {
            guard let plaintext = try? receiving.open(frame.sealedPayload, header: frame.header), plaintext == expected.payload
            else {
                break
            }
            decrypted += 1
        }
        if decrypted < sent.count { problems.append("B decrypted \(decrypted) of \(sent.count) data frames") }
        // Bytes of every carrying block after the first, over the chain time from the first to the
        // last (header timestamps): undefined with fewer than two carrying blocks.
        var throughput: Double?
        if let first = carrying.first, let last = carrying.last, carrying.count > 1 {
            let start = try await clients[0].getJSON("/v1/headers/\(first.height)", as: HeaderView.self)
            let end = try await clients[0].getJSON("/v1/headers/\(last.height)", as: HeaderView.self)
            let span = Double(end.timestamp - start.timestamp) / 1000
            if span > 0 { throughput = Double(carrying.dropFirst().reduce(0) { $0 + $1.bytes }) / span }
        }
        // The light client finds the receipt under the receipts_root of a header it verified.
        var receiptVerified = false
        if let h = receiptAt.height {
            let proof = try await clients[0].getJSON("/v1/receipts/\(signedReceipt.id.hex)/proof", as: ReceiptProofView.self)
            let path = proof.siblings.compactMap { Hash32(hex: $0) }
            let (_, refusal) = try LightClientTool.verifyReceipt(
                genesis: genesis, chain: ChainFile(entries: try await clients[0].chain(through: h)), receipt: signedReceipt,
                proof: MerkleProof(index: UInt64(proof.index), count: UInt64(proof.count), siblings: path), height: h)
            receiptVerified = refusal == nil && proof.height == h
            if let refusal { problems.append("receipt inclusion: \(refusal)") }
        } else {
            problems.append("the receipt frame was not finalized")
        }
        problems += da?.problems ?? []
        if let da, !da.shardVerified, da.problems.isEmpty { problems.append("da: the repaired shard was not verified") }
        let finalized = sent.filter { found.contains($0.id) }.count
        if finalized < sent.count { problems.append("\(sent.count - finalized) data frames were not finalized") }
        // Every anchor on each L1 is the hash of a header verified here from the genesis alone.
        var anchorsConfirmed: [String: UInt64] = [:]
        if let anchorStep {
            try checkInterrupted()
            let entries = try await clients[0].chain(through: report.verifiedHeight)
            var verified: [UInt64: String] = [:]
            do {
                var light = try LightClient(genesis: genesis)
                try light.verify(contentsOf: entries)
                for e in entries { verified[e.header.height] = e.header.hash.hex }
            } catch {
                problems.append("anchors: the chain to check them against does not verify: \(error)")
            }
            let (confirmed, anchorProblems) = try await anchorStep.check(
                height: report.verifiedHeight, chainID: genesis.chainID, rpc: clients[0], verifiedHeaders: verified,
                deadline: Date().addingTimeInterval(o.timeoutSeconds), log: log, interrupt: interrupt)
            anchorsConfirmed = confirmed
            problems += anchorProblems
        }

        let p50s = rows.compactMap { $0.status?.finalityP50Ms }.sorted()
        let p95s = rows.compactMap { $0.status?.finalityP95Ms }.sorted()
        return Report(
            ok: problems.isEmpty, validators: o.validators, directory: directory, finalizedHeight: safety.commonHeight,
            identicalHeaders: safety.conflicts.isEmpty, verifiedHeight: report.verifiedHeight, seconds: seconds,
            finalityP50Ms: p50s.isEmpty ? nil : p50s[p50s.count / 2], finalityP95Ms: p95s.last,
            roundChanges: rows.compactMap { $0.status?.roundChanges }.reduce(0, +), payloadsSubmitted: sent.count,
            payloadsFinalized: finalized, payloadsDecrypted: decrypted, rotated: rotated,
            payloadThroughputBytesPerSecond: throughput,
            problems: problems,
            kept: o.directory != nil || o.keep,
            floodAnswers: floodAnswers, receiptID: signedReceipt.id.hex, receiptHeight: receiptAt.height,
            wordCount: wordCount, receiptVerified: receiptVerified, daObjectID: da?.objectID, daObjectBytes: da?.bytes ?? 0,
            daHeight: da?.height, daShardsRepaired: da?.repaired ?? 0, daShardVerified: da?.shardVerified ?? false,
            anchorsConfirmed: anchorsConfirmed)
    }

    /// The demo's DockLock run: the word count example over a short document.
    static func wordCount() throws(ToolError) -> RunResult {
        let document = Array("Metanode finalizes headers that vouch for ordered traffic and for deterministic runs.\n".utf8)
        do {
            let job = try RunJob(
                module: try DockLock.wasm(fromWAT: ExampleWorkload.wordcount.wat),
                inputs: [RunInput(name: "doc.txt", content: document)],
                seed: .zero, timeMs: 0, args: ["wordcount"])
            return try DockLock.run(job)
        } catch {
            throw .verificationFailed("the demo's DockLock run failed: \(error)")
        }
    }

    /// The demo's service names, in the devnet's trust domain.
    static func serviceName(_ name: String) throws(ToolError) -> ServiceName {
        do {
            return try ServiceName("spiffe://bpi.devnet/svc/\(name)")
        } catch {
            throw .badInput("\(error)")
        }
    }

    /// Polls `condition` every 200 ms until it holds, failing at `deadline`, or as soon as
    /// `interrupt` is set.
    static func waitUntil(
        _ deadline: Date, _ what: String, interrupt: InterruptSignal? = nil, _ condition: () async -> Bool
    ) async throws(ToolError) {
        try check(interrupt)
        while !(await condition()) {
            try check(interrupt)
            guard Date() < deadline else { throw .verificationFailed("timed out waiting for \(what)") }
            try? await Task.sleep(for: .milliseconds(200))
        }
        try check(interrupt)
    }

    /// Throws `.interrupted` once `interrupt` is set.
    static func check(_ interrupt: InterruptSignal?) throws(ToolError) {
        if interrupt?.isSet == true {
            throw .interrupted(
                "interrupted; the demo stopped the validators it started (and removed its folder unless --dir kept it)")
        }
    }
}

extension DevnetTool {
    /// What the safety check found: the height all compared nodes share, heights where two nodes
    /// hold different headers (there must be none), and how many nodes and heights it compared.
    public struct Safety: Sendable {
        public var commonHeight: UInt64
        public var conflicts: [UInt64]
        public var nodes: Int
    }

    /// Compares the finalized header hashes of the validators `expected` (all when nil), height by
    /// height. A check that compared less than it should is a failure, not a pass: it throws when
    /// one of them does not answer, or when they share fewer than `minCommonHeight` heights.
    public static func checkSafety(
        directory: String, expected: [Int]? = nil, minCommonHeight: UInt64 = 1
    ) async throws(ToolError) -> Safety {
        let layout = DevnetLayout(directory: directory)
        let configs = try layout.configs()
        let indices = expected ?? Array(configs.indices)
        var chains: [[String]] = []
        for i in indices {
            guard configs.indices.contains(i) else { throw .badInput("there is no validator \(i) in \(directory)") }
            let client = layout.client(configs[i])
            guard let status = try? await client.getJSON("/v1/status", as: NodeStatus.self) else {
                throw .verificationFailed("safety check: validator \(i) does not answer, so its chain cannot be compared")
            }
            chains.append(try await headers(client, from: 1, through: status.height).map(\.hash))
        }
        let longest = chains.map(\.count).max() ?? 0
        var conflicts: [UInt64] = []
        for h in 0..<longest where Set(chains.compactMap { h < $0.count ? $0[h] : nil }).count > 1 {
            conflicts.append(UInt64(h + 1))
        }
        let common = UInt64(chains.map(\.count).min() ?? 0)
        guard common >= minCommonHeight else {
            throw .verificationFailed(
                "safety check: validators \(indices) share only \(common) heights; at least \(minCommonHeight) must be compared")
        }
        return Safety(commonHeight: common, conflicts: conflicts, nodes: chains.count)
    }

    /// The headers `from…through` a node serves, fetched in pages of 100 (the API's cap); fewer
    /// when the node has fewer.
    public static func headers(_ client: RPCClient, from: UInt64, through: UInt64) async throws(ToolError) -> [HeaderView] {
        var headers: [HeaderView] = []
        var next = from
        while next <= through {
            let page = try await client.getJSON("/v1/headers?from=\(next)&to=\(min(through, next + 99))", as: [HeaderView].self)
            guard !page.isEmpty else { break }
            headers += page
            next += UInt64(page.count)
        }
        return headers
    }
}
