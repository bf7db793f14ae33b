import BPICodec
import BPIConsensus
import BPIFrames
import BPIHash
import BPILightClient
import BPIThreshold
import BPIToolKit
import BPITypes
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The node's HTTP API (docs/openapi.yaml, served at `/openapi.yaml`): status, headers and
/// commits by height and range, the light-client chain in CBOR, payload submission, evidence and
/// Prometheus metrics. Reads go to the store directly; only finalized, stored data is served.
public enum NodeAPI {
    /// Most headers one range request returns.
    public static let maxRange: UInt64 = 1_000

    /// Every route, in OpenAPI path syntax: what the router serves and `OpenAPIDocument` describes
    /// (the tests check the document against this list and request each route of a live node).
    /// Every GET route also answers HEAD (the same status and headers, no body).
    public static let routes: [(method: String, path: String)] = [
        ("GET", "/v1/status"), ("GET", "/v1/finality"), ("GET", "/v1/genesis"), ("GET", "/v1/headers/latest"),
        ("GET", "/v1/headers/stream"),
        ("GET", "/v1/headers/{height}"),
        ("GET", "/v1/headers"), ("GET", "/v1/chain"), ("GET", "/v1/blocks/{height}/frames"), ("GET", "/v1/blocks/{height}/poh"),
        ("POST", "/v1/frames"), ("POST", "/v1/frames/batch"), ("GET", "/v1/frames/{id}"), ("GET", "/v1/frames"),
        ("GET", "/v1/services/{id}"), ("GET", "/v1/receipts/{id}"), ("GET", "/v1/receipts/{id}/proof"),
        ("GET", "/v1/da/objects/{id}"), ("GET", "/v1/da/challenges"), ("GET", "/v1/da/challenges/{id}"),
        ("GET", "/v1/agreements/{id}"),
        ("GET", "/v1/validators/{height}"), ("GET", "/v1/evidence"), ("GET", "/v1/evidence/{id}"),
        ("GET", "/v1/inclusion/{height}"), ("GET", "/v1/epoch"),
        ("GET", "/v1/set-change"), ("POST", "/v1/set-change/votes"),
        ("GET", "/v1/frames/{id}/opening"), ("GET", "/v1/anchors"),
        ("GET", "/healthz"),
        ("GET", "/readyz"), ("GET", "/metrics"),
        ("GET", "/openapi.yaml"),
    ]

    /// The router for a node. `writeGuard` (rate limit, optional bearer token) covers every write
    /// endpoint, the test controls included.
    public static func router(
        service: ValidatorService, store: BlockStore, metrics: NodeMetrics, genesis: Genesis, testControls: Bool = false,
        writeGuard: WriteGuardMiddleware? = nil, anchors: AnchorService? = nil
    ) -> Router<NodeRequestContext> {
        let router = Router(context: NodeRequestContext.self)
        router.add(middleware: JSONErrorMiddleware())
        if let writeGuard { router.add(middleware: writeGuard) }
        /// A GET route that answers HEAD too.
        func get(
            _ path: RouterPath, _ handler: @escaping @Sendable (Request, NodeRequestContext) async throws -> Response
        ) {
            router.get(path, use: handler)
            router.head(path) { request, context in
                let full = try await handler(request, context)
                return Response(status: full.status, headers: full.headers)
            }
        }
        if testControls {
            // Not part of the API contract (not in the OpenAPI document): devnet tests only.
            router.post("/v1/test/partition") { request, _ in
                struct Body: Decodable { var blocked: [Int] }
                let body = try await request.body.collect(upTo: 4_096)
                guard let parsed = try? JSONDecoder().decode(Body.self, from: Data(buffer: body)) else {
                    throw HTTPError(.badRequest, message: "expected {\"blocked\": [validator indices]}")
                }
                await service.partition(from: parsed.blocked)
                return Response(status: .noContent)
            }
            router.post("/v1/test/inclusion-list") { request, _ in
                let body = try await request.body.collect(upTo: Frame.maxBytes + 64)
                guard let frame = try? Frame(canonicalBytes: Array(buffer: body)) else {
                    throw HTTPError(.badRequest, message: "expected a canonical frame (application/cbor)")
                }
                await service.requestListing(frame)
                return Response(status: .noContent)
            }
        }
        let genesisSet = genesis.validatorSet
        get("/healthz") { _, _ in json(["status": "alive"]) }
        get("/readyz") { _, _ in
            let readiness = await service.readiness()
            return json(readiness, status: readiness.ready ? .ok : .serviceUnavailable)
        }
        get("/v1/status") { _, _ in json(await service.status()) }
        get("/v1/finality") { request, _ in
            let from = request.uri.queryParameters["from"]
            guard let h = from.map({ UInt64(String($0)) }) ?? 1 else {
                throw HTTPError(.badRequest, message: "from must be a height (a non-negative integer)")
            }
            return json(await service.finality(from: h))
        }
        get("/v1/genesis") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(data: genesis.json())))
        }
        get("/v1/headers/latest") { _, _ in
            let latest = try store.latestHeight()
            guard latest > 0, let e = try store.entry(at: latest) else {
                throw HTTPError(.notFound, message: "no header is finalized yet")
            }
            return json(try HeaderView(e, store: store, genesisSet: genesisSet))
        }
        let stream = HeaderStream(store: store, genesisSet: genesisSet)
        get("/v1/headers/stream") { request, _ in try stream.response(request) }
        get("/v1/headers/:height") { _, context in
            let h = try height(context)
            guard let e = try store.entry(at: h) else {
                throw HTTPError(
                    .notFound, message: "height \(h) is not finalized yet (the latest is \(try store.latestHeight()))")
            }
            return json(try HeaderView(e, store: store, genesisSet: genesisSet))
        }
        get("/v1/headers") { request, _ in
            let (from, to, next) = try range(request, latest: try store.latestHeight(), cap: 100)
            return json(
                try store.entries(from: from, through: to).map { e throws(BlockStoreError) in
                    try HeaderView(e, store: store, genesisSet: genesisSet)
                }, next: next)
        }
        get("/v1/chain") { request, _ in
            let (from, to, next) = try range(request, latest: try store.latestHeight(), cap: maxRange)
            let entries = try store.entries(from: from, through: to)
            var headers: HTTPFields = [.contentType: "application/cbor"]
            if let next { headers[HTTPField.Name("Link")!] = "<\(next)>; rel=\"next\"" }
            return Response(
                status: .ok, headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: ChainFile(entries: entries).canonicalBytes())))
        }
        get("/v1/blocks/:height/frames") { _, context in
            let h = try height(context)
            guard let b = try store.block(at: h) else { throw HTTPError(.notFound, message: "height \(h) is not finalized yet") }
            return json(FramesView(height: h, frames: b.frames.enumerated().map { FrameView($1, height: h, index: $0) }))
        }
        get("/v1/blocks/:height/poh") { _, context in
            let h = try height(context)
            guard let entry = try store.entry(at: h) else {
                throw HTTPError(.notFound, message: "height \(h) is not finalized yet")
            }
            let seed = h == 1 ? genesis.hash.bytes : try store.entry(at: h - 1)?.header.vrfOutput ?? []
            return json(PoHView(entry, seed: seed, parameters: genesis.poh))
        }
        get("/v1/frames/:id") { _, context in
            let id = try hash(context, "id", what: "a frame id is 64 hex digits (the id POST /v1/frames returned)")
            guard let at = try store.finalizedFrame(id: id), let block = try store.block(at: at.height) else {
                if await service.isPending(id) { return json(FrameLocationView(id: id.description, status: "pending")) }
                throw HTTPError(.notFound, message: "frame \(id) is neither pending nor finalized here")
            }
            let proof = try MerkleTree(leafHashes: block.frames.map(\.id)).proof(index: at.index)
            return json(
                FrameLocationView(
                    id: id.description, status: "finalized", height: at.height, index: at.index, count: block.frames.count,
                    siblings: proof.siblings.map(\.description), framesRoot: block.entry.header.framesRoot.description,
                    headerHash: block.entry.header.hash.description, frame: Hex.encode(block.frames[at.index].canonicalBytes())))
        }
        /// The finalized receipt `id` of the path: the block, its receipts and the receipt's index.
        @Sendable func finalizedReceipt(_ context: NodeRequestContext) throws -> (FinalizedBlock, [Receipt], Int) {
            let id = try hash(context, "id", what: "a receipt id is 64 hex digits (bpi receipt submit prints it)")
            guard let at = try store.finalizedReceipt(id: id), let block = try store.block(at: at.height) else {
                throw HTTPError(.notFound, message: "receipt \(id) is not finalized here (yet)")
            }
            let receipts = Block.receipts(block.frames)
            guard at.index < receipts.count, receipts[at.index].id == id else {
                throw HTTPError(.internalServerError, message: "the receipt index of height \(at.height) is inconsistent")
            }
            return (block, receipts, at.index)
        }
        get("/v1/receipts/:id") { _, context in
            let (block, receipts, index) = try finalizedReceipt(context)
            return json(ReceiptView(receipts[index], height: block.entry.header.height))
        }
        get("/v1/receipts/:id/proof") { _, context in
            let (block, receipts, index) = try finalizedReceipt(context)
            return json(ReceiptProofView(receipts: receipts, index: index, header: block.entry.header))
        }
        get("/v1/agreements/:id") { _, context in
            let id = try hash(context, "id", what: "an agreement id is 64 hex digits (agreementc build prints it)")
            guard let pinned = try store.pinnedAgreement(id: id) else {
                throw HTTPError(.notFound, message: "agreement \(id) is not pinned here (yet): agreementc pin publishes it")
            }
            return json(AgreementView(pinned.bundle, height: pinned.height))
        }
        get("/v1/da/objects/:id") { _, context in
            let id = try hash(context, "id", what: "an object id is 64 hex digits (bpi da encode prints it)")
            guard let at = try store.committedObject(id: id), let block = try store.block(at: at.height) else {
                throw HTTPError(.notFound, message: "object \(id) is not committed here (yet): bpi da commit commits it")
            }
            let objects = Block.daObjects(block.frames)
            guard at.index < objects.count, objects[at.index].id == id else {
                throw HTTPError(.internalServerError, message: "the object index of height \(at.height) is inconsistent")
            }
            let commits = block.frames.filter { $0.header.kind == .daCommit }
            let storer = at.index < commits.count ? commits[at.index].header.source : nil
            return json(DAObjectProof(objects: objects, index: at.index, header: block.entry.header, storer: storer))
        }
        get("/v1/da/challenges") { request, _ in
            // The open challenges, or those naming one storer (what `bpi da respond` answers).
            var open = await service.openChallenges().open
            if let storer = request.uri.queryParameters["storer"] {
                guard let id = Hash32(hex: String(storer)) else {
                    throw HTTPError(.badRequest, message: "storer must be a service id (64 hex digits)")
                }
                open = open.filter { $0.storer == id }
            }
            return json(open.map(DAChallengeView.init))
        }
        get("/v1/da/challenges/:id") { _, context in
            let id = try hash(context, "id", what: "a challenge id is its da-challenge frame's id (64 hex digits)")
            let state = await service.openChallenges()
            if let open = state.open.first(where: { $0.frame.envelope.id == id }) {
                return json(DAChallengeView(open))
            }
            if let at = try store.daFault(challenge: id), let block = try store.block(at: at.height),
                at.index < block.entry.daFaults.count
            {
                return json(DAChallengeView(fault: block.entry.daFaults[at.index], height: at.height))
            }
            guard let at = try store.finalizedFrame(id: id), let block = try store.block(at: at.height),
                at.index < block.frames.count, block.frames[at.index].header.kind == .daChallenge,
                let challenge = try? DAChallenge(canonicalBytes: block.frames[at.index].sealedPayload)
            else {
                throw HTTPError(.notFound, message: "no da-challenge frame \(id) is finalized here")
            }
            // Finalized and not faulted: open when the ledger read above is older than its block (the
            // store is written first), otherwise a valid response closed it.
            return json(
                DAChallengeView(
                    challenge: challenge, frame: FrameInclusion(frames: block.frames, index: at.index, height: at.height),
                    status: at.height > state.height ? "open" : "answered"))
        }
        get("/v1/epoch") { _, _ in json(await service.epoch()) }
        get("/v1/anchors") { _, _ in
            guard let anchors else {
                throw HTTPError(.notFound, message: "this validator posts no anchors (no anchors file in its config.toml)")
            }
            return json(await anchors.view())
        }
        get("/v1/frames/:id/opening") { _, context in
            let id = try hash(context, "id", what: "a frame id is 64 hex digits (bpi frame send prints it)")
            guard let view = await service.opening(id) else {
                throw HTTPError(
                    .notFound, message: "no finalized encrypted frame \(id) here (yet): is it pending, or not encrypted?")
            }
            return json(view)
        }
        get("/v1/frames") { request, _ in
            // Finalized frames to one service, from a height on (what `bpi frame recv` reads).
            guard let to = request.uri.queryParameters["dst"].flatMap({ Hash32(hex: String($0)) }) else {
                throw HTTPError(.badRequest, message: "dst must be a service id (64 hex digits)")
            }
            let (from, through, next) = try range(request, latest: try store.latestHeight(), cap: 256)
            var out: [FrameView] = []
            if from <= through {
                for h in from...through {
                    guard let block = try store.block(at: h) else { continue }
                    for (i, f) in block.frames.enumerated() where f.header.destination == to {
                        out.append(FrameView(f, height: h, index: i))
                    }
                }
            }
            return json(out, next: next.map { $0 + "&dst=\(to)" })
        }
        router.post("/v1/frames") { request, context in
            let tooLarge = refusal(.contentTooLarge, reason: "oversized", "the frame is over \(Frame.maxBytes) bytes")
            guard let body = try? await request.body.collect(upTo: Frame.maxBytes + 1), body.readableBytes <= Frame.maxBytes
            else { return tooLarge }
            let frame: Frame
            do {
                frame = try Frame(canonicalBytes: Array(buffer: body))
            } catch {
                return refusal(.badRequest, reason: "malformed", "the body is not one canonical frame: \(error)")
            }
            do {
                let id = try await service.addDirectFrame(frame, source: "api \(context.clientAddress)")
                return json(SubmitView(id: id.description), status: .accepted)
            } catch let error as FramePoolError {
                return refusal(error)
            }
        }
        get("/v1/set-change") { _, _ in json(await service.setChange()) }
        router.post("/v1/set-change/votes") { request, _ in
            struct Body: Decodable { var validators: [ValidatorInfo.JSONForm] }
            let body = try await request.body.collect(upTo: 1 << 20)
            let parsed: Body
            do {
                parsed = try JSONDecoder().decode(Body.self, from: Data(buffer: body))
            } catch {
                return refusal(
                    .badRequest, reason: "malformed",
                    "expected {\"validators\": [validator entries]}: \(JSONProblem.describe(error))")
            }
            let set: ValidatorSet
            do {
                set = try ValidatorSet(
                    parsed.validators.enumerated().map { i, v throws(TypesError) in
                        try ValidatorInfo(json: v, what: "validators[\(i)]")
                    })
            } catch {
                return refusal(.badRequest, reason: "malformed", "\(error)")
            }
            do {
                let id = try await service.vote(for: set)
                return json(SubmitView(id: id.description), status: .accepted)
            } catch let error as SetChangeVoteError {
                switch error {
                case .notInSet: return refusal(.conflict, reason: "not-in-set", error.description)
                case .notRegistered:
                    return refusal(.serviceUnavailable, reason: "not-registered", error.description, retryAfter: true)
                case .refused(let why): return refusal(why)
                }
            }
        }
        router.post("/v1/frames/batch") { request, context in
            // Up to 1,024 canonical frames as one CBOR array, checked in order like single POSTs:
            // for clients (and the ingest benchmark) that submit many frames at once.
            guard let body = try? await request.body.collect(upTo: Self.maxBatchBytes + 1),
                body.readableBytes <= Self.maxBatchBytes
            else { return refusal(.contentTooLarge, reason: "oversized", "a batch is at most \(Self.maxBatchBytes) bytes") }
            let frames: [Frame]
            do {
                guard case .array(let items) = try CBORDecoder.decode(Array(buffer: body)), items.count <= Block.maxFrames else {
                    return refusal(
                        .badRequest, reason: "malformed", "a batch is a CBOR array of at most \(Block.maxFrames) frames")
                }
                frames = try items.map { item throws(CBORError) in try Frame(cbor: item) }
            } catch {
                return refusal(.badRequest, reason: "malformed", "the body is not a CBOR array of canonical frames: \(error)")
            }
            let outcome = await service.addFrames(frames, source: "api \(context.clientAddress)")
            return json(outcome)
        }
        get("/v1/services/:id") { request, context in
            let id = try hash(context, "id", what: "a service id is 64 hex digits (H(0x31 ‖ SPIFFE ID))")
            guard var view = await service.service(id) else {
                throw HTTPError(.notFound, message: "service \(id) is not registered")
            }
            if let to = request.uri.queryParameters["to"] {
                guard let destination = Hash32(hex: String(to)) else {
                    throw HTTPError(.badRequest, message: "to must be a service id (64 hex digits)")
                }
                view.lastNonce = await service.lastNonce(from: id, to: destination)
            }
            view.tick = TickView(await service.newestTick())
            return json(view)
        }
        get("/v1/validators/:height") { _, context in
            let h = try height(context)
            let latest = try store.latestHeight()
            guard h <= latest + 1 else {
                throw HTTPError(
                    .notFound, message: "the set signing height \(h) is not known yet (the latest height is \(latest))")
            }
            let set = try store.validatorSet(signing: h, genesisSet: genesis.validatorSet)
            return json(
                ValidatorSetView(
                    height: h, hash: set.hash.description, validators: set.count, totalPower: set.totalPower,
                    cbor: Hex.encode(set.canonicalBytes())))
        }
        get("/v1/evidence") { request, _ in
            let all = try await EvidenceView.all(store: store, service: service, chainID: genesis.chainID)
            let (offset, limit) = try Self.page(request)
            let page = Array(all.dropFirst(offset).prefix(limit))
            let next = offset + page.count < all.count ? "/v1/evidence?offset=\(offset + page.count)&limit=\(limit)" : nil
            return json(page, next: next)
        }
        get("/v1/evidence/:id") { _, context in
            let id = try hash(context, "id", what: "an evidence id is 64 hex digits")
            let all = try await EvidenceView.all(store: store, service: service, chainID: genesis.chainID)
            guard let item = all.first(where: { $0.id == id.hex }) else {
                throw HTTPError(.notFound, message: "no evidence \(id.hex) here")
            }
            return json(item)
        }
        get("/v1/inclusion/:height") { _, context in
            let h = try height(context)
            let latest = try store.latestHeight()
            guard h <= latest, let block = try store.block(at: h) else {
                throw HTTPError(.notFound, message: "height \(h) is not finalized here (the latest height is \(latest))")
            }
            guard let entries = await service.inclusionEntries(at: h) else {
                throw HTTPError(
                    .notFound, message: "height \(h)'s obligations are older than the \(InclusionLedger.keptHeights) heights kept"
                )
            }
            let previous = h >= 2 ? try store.block(at: h - 1)?.frames ?? [] : []
            return json(InclusionView(header: block.entry.header, entries: entries, previous: previous))
        }
        // Other methods on a known path: 405 with the allowed ones, not 404.
        for (path, allowed) in Dictionary(grouping: routes, by: \.path) {
            let hummingbirdPath = RouterPath(
                path.replacingOccurrences(of: "{height}", with: ":height").replacingOccurrences(of: "{id}", with: ":id"))
            let served = allowed.map(\.method) + (allowed.contains { $0.method == "GET" } ? ["HEAD"] : [])
            for method in [HTTPRequest.Method.get, .head, .post, .put, .delete, .patch, .options, .trace] + [
                HTTPRequest.Method("QUERY")!
            ]
            where !served.contains(method.rawValue) {
                router.on(hummingbirdPath, method: method) { _, _ -> Response in
                    var headers = HTTPFields()
                    headers[.allow] = served.joined(separator: ", ")
                    throw HTTPError(
                        .methodNotAllowed, headers: headers, message: "\(path) allows \(served.joined(separator: ", "))")
                }
            }
        }
        get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
        return router
    }

    /// The `height` path parameter: a height ≥ 1.
    static func height(_ context: NodeRequestContext) throws -> UInt64 {
        guard let text = context.parameters.get("height"), let h = UInt64(text) else {
            throw HTTPError(.badRequest, message: "the height must be a whole number from 1 to 18446744073709551615")
        }
        guard h >= 1 else { throw HTTPError(.badRequest, message: "heights start at 1 (height 0 is the genesis)") }
        return h
    }

    /// `from`/`to` query parameters (defaults: 1 and the latest height), cut to the first `cap`
    /// heights from `from`; `next` is the request for the following page when more was asked for.
    static func range(_ request: Request, latest: UInt64, cap: UInt64) throws -> (UInt64, UInt64, String?) {
        let q = request.uri.queryParameters
        func parameter(_ name: String) throws -> UInt64? {
            guard let text = q[name[...]] else { return nil }
            guard let v = UInt64(String(text)), v >= 1 else {
                throw HTTPError(.badRequest, message: "\(name) must be a height ≥ 1")
            }
            return v
        }
        let from = try parameter("from") ?? 1
        let wanted = min(latest, try parameter("to") ?? latest)
        let to = min(wanted, from.addingReportingOverflow(cap - 1).overflow ? .max : from + cap - 1)
        var next: String?
        if to < wanted, to >= from {
            next = "\(request.uri.path)?from=\(to + 1)" + (q["to"].map { "&to=\($0)" } ?? "")
        }
        return (from, to, next)
    }

    /// `offset` (default 0) and `limit` (1…1,000, default 100) query parameters of a paged list.
    static func page(_ request: Request) throws -> (offset: Int, limit: Int) {
        let q = request.uri.queryParameters
        var offset = 0
        var limit = 100
        if let text = q["offset"] {
            guard let v = Int(String(text)), v >= 0 else {
                throw HTTPError(.badRequest, message: "offset must be a whole number ≥ 0")
            }
            offset = v
        }
        if let text = q["limit"] {
            guard let v = Int(String(text)), (1...1_000).contains(v) else {
                throw HTTPError(.badRequest, message: "limit must be a whole number from 1 to 1000")
            }
            limit = v
        }
        return (offset, limit)
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, next: String? = nil) -> Response {
        let data = ToolJSON.encode(value) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/json"]
        if let next { headers[HTTPField.Name("Link")!] = "<\(next)>; rel=\"next\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    /// Largest batch body (`POST /v1/frames/batch`): 1,024 frames of 8 KiB.
    static let maxBatchBytes = 8 << 20

    struct FramesView: Codable {
        var height: UInt64
        var frames: [FrameView]
    }

    /// A 4xx/5xx answer whose JSON names the reason: `{"error": {"message": …, "reason": …}}`.
    /// The answer to a frame the pool or the frame rules refused.
    static func refusal(_ error: FramePoolError) -> Response {
        switch error {
        case .pool(.full), .pool(.overBudget):
            return refusal(.serviceUnavailable, reason: "mempool-full", error.description, retryAfter: true)
        case .pool(.sourceOverShare):
            return refusal(.tooManyRequests, reason: "over-share", error.description, retryAfter: true)
        case .pool(.duplicate): return refusal(.conflict, reason: "duplicate", error.description)
        case .censored(let why): return refusal(.forbidden, reason: "censored", why)
        case .refused(let why):
            let status: HTTPResponse.Status
            switch why {
            case .staleNonce: status = .conflict
            case .oversized: status = .contentTooLarge
            case .malformed: status = .badRequest
            default: status = .unprocessableContent
            }
            return refusal(status, reason: why.reason, why.description)
        }
    }

    static func refusal(_ status: HTTPResponse.Status, reason: String, _ message: String, retryAfter: Bool = false) -> Response {
        struct Body: Encodable {
            struct Inner: Encodable {
                var message: String
                var reason: String
            }
            var error: Inner
        }
        var response = json(Body(error: .init(message: message, reason: reason)), status: status)
        if retryAfter { response.headers[.retryAfter] = "1" }
        return response
    }

    /// A 32-byte hex path parameter.
    static func hash(_ context: NodeRequestContext, _ name: String, what: String) throws -> Hash32 {
        guard let text = context.parameters.get(name), let h = Hash32(hex: text) else {
            throw HTTPError(.badRequest, message: what)
        }
        return h
    }

    /// The validator set that signs a height (`GET /v1/validators/{height}`).
    public struct ValidatorSetView: Codable, Sendable {
        public var height: UInt64
        /// Its hash (what that header's `validatorSetHash` must be).
        public var hash: String
        public var validators: Int
        public var totalPower: UInt64
        /// Canonical CBOR of the set, hex.
        public var cbor: String
    }

    struct SubmitView: Codable {
        var id: String
    }

}
