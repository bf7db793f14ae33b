import BPICodec
import BPIConsensus
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
    public static let routes: [(method: String, path: String)] = [
        ("GET", "/v1/status"), ("GET", "/v1/genesis"), ("GET", "/v1/headers/{height}"), ("GET", "/v1/headers"),
        ("GET", "/v1/chain"), ("GET", "/v1/blocks/{height}/payloads"), ("POST", "/v1/payloads"), ("GET", "/v1/evidence"),
        ("GET", "/metrics"), ("GET", "/openapi.yaml"),
    ]

    /// The router for a node. `writeGuard` (rate limit, optional bearer token) covers every write
    /// endpoint, the test controls included.
    public static func router(
        service: ValidatorService, store: BlockStore, metrics: NodeMetrics, genesis: Genesis, testControls: Bool = false,
        writeGuard: WriteGuardMiddleware? = nil
    ) -> Router<NodeRequestContext> {
        let router = Router(context: NodeRequestContext.self)
        if let writeGuard { router.add(middleware: writeGuard) }
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
        }
        let validators = genesis.validatorSet.count
        router.get("/v1/status") { _, _ in json(await service.status()) }
        router.get("/v1/genesis") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(data: genesis.json())))
        }
        router.get("/v1/headers/:height") { _, context in
            let h = try context.parameters.require("height", as: UInt64.self)
            guard let e = try store.entry(at: h) else { throw HTTPError(.notFound, message: "height \(h) is not finalized yet") }
            return json(HeaderView(e, validators: validators))
        }
        router.get("/v1/headers") { request, _ in
            let (from, to) = try range(request, latest: try store.latestHeight(), cap: 100)
            return json(try store.entries(from: from, through: to).map { HeaderView($0, validators: validators) })
        }
        router.get("/v1/chain") { request, _ in
            let (from, to) = try range(request, latest: try store.latestHeight(), cap: maxRange)
            let entries = try store.entries(from: from, through: to)
            return Response(
                status: .ok, headers: [.contentType: "application/cbor"],
                body: .init(byteBuffer: ByteBuffer(bytes: ChainFile(entries: entries).canonicalBytes())))
        }
        router.get("/v1/blocks/:height/payloads") { _, context in
            let h = try context.parameters.require("height", as: UInt64.self)
            guard let b = try store.block(at: h) else { throw HTTPError(.notFound, message: "height \(h) is not finalized yet") }
            return json(PayloadsView(height: h, payloads: b.payloads.map { Hex.encode($0) }))
        }
        router.post("/v1/payloads") { request, context in
            let body = try await request.body.collect(upTo: Block.maxPayloadBytes + 1)
            guard body.readableBytes > 0 else { throw HTTPError(.badRequest, message: "the request body (the payload) is empty") }
            do {
                let id = try await service.addPayload(Array(buffer: body), source: "api \(context.clientAddress)")
                return json(SubmitView(id: id.description), status: .accepted)
            } catch let error as MempoolError {
                var headers = HTTPFields()
                let status: HTTPResponse.Status
                switch error {
                case .full, .overBudget:
                    status = .serviceUnavailable
                    headers[.retryAfter] = "1"
                case .sourceOverShare:
                    status = .tooManyRequests
                    headers[.retryAfter] = "1"
                case .duplicate: status = .conflict
                case .badSize: status = .contentTooLarge
                }
                throw HTTPError(status, headers: headers, message: error.description)
            }
        }
        router.get("/v1/evidence") { _, _ in
            json(
                try store.evidence().map {
                    EvidenceView(
                        offender: $0.first.sender, height: $0.first.height, round: $0.first.round, kind: "\($0.first.kind)",
                        cbor: Hex.encode($0.canonicalBytes()))
                })
        }
        // Other methods on a known path: 405 with the allowed ones, not 404.
        for (path, allowed) in Dictionary(grouping: routes, by: \.path) {
            let allow = allowed.map(\.method).joined(separator: ", ")
            let hummingbirdPath = RouterPath(path.replacingOccurrences(of: "{height}", with: ":height"))
            for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch, .options, .trace] + [
                HTTPRequest.Method("QUERY")!
            ]
            where !allowed.contains(where: { $0.method == method.rawValue }) {
                router.on(hummingbirdPath, method: method) { _, _ -> Response in
                    var headers = HTTPFields()
                    headers[.allow] = allow
                    return Response(status: .methodNotAllowed, headers: headers)
                }
            }
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
        return router
    }

    /// `from`/`to` query parameters (defaults: 1 and the latest height), cut to the first `cap`
    /// heights from `from` (clients page with `from`).
    static func range(_ request: Request, latest: UInt64, cap: UInt64) throws -> (UInt64, UInt64) {
        let q = request.uri.queryParameters
        func parameter(_ name: String) throws -> UInt64? {
            guard let text = q[name[...]] else { return nil }
            guard let v = UInt64(String(text)), v >= 1 else {
                throw HTTPError(.badRequest, message: "\(name) must be a height ≥ 1")
            }
            return v
        }
        let from = try parameter("from") ?? 1
        let to = min(
            latest, try parameter("to") ?? latest, from.addingReportingOverflow(cap - 1).overflow ? .max : from + cap - 1)
        return (from, to)
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let data = ToolJSON.encode(value) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    struct PayloadsView: Codable {
        var height: UInt64
        var payloads: [String]
    }

    struct SubmitView: Codable {
        var id: String
    }

    struct EvidenceView: Codable {
        var offender: UInt64
        var height: UInt64
        var round: UInt64
        var kind: String
        var cbor: String
    }
}
