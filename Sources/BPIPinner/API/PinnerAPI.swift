import BPIHash
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The pinner's HTTP API (docs/SPEC.md §15.5, served at `/openapi.yaml`): status, an object's
/// record, one shard with its proof, Prometheus metrics.
public enum PinnerAPI {
    /// Every route, for the OpenAPI test.
    public static let routes: [String] = [
        "/v1/pinner/status", "/v1/da/objects/{id}", "/v1/da/shards/{objectID}/{chunk}/{shard}", "/metrics", "/healthz",
        "/openapi.yaml",
    ]

    /// The router over `pinner`.
    public static func router(pinner: Pinner) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/v1/pinner/status") { _, _ in
            let stats = await pinner.stats
            return json(
                PinnerStatusView(
                    backends: pinner.backendNames, tolerance: pinner.tolerance, objects: await pinner.objectIDs().count,
                    stats: stats, probeSuccess: stats.probeSuccess))
        }
        router.get("/v1/da/objects/:id") { _, context in
            let id = try objectID(context, "id")
            return json(try await answer { () async throws(PinnerError) in try await pinner.record(id) })
        }
        router.get("/v1/da/shards/:id/:chunk/:shard") { _, context in
            let id = try objectID(context, "id")
            guard let chunk = context.parameters.get("chunk").flatMap({ Int($0) }), chunk >= 0,
                let shard = context.parameters.get("shard").flatMap({ Int($0) }), shard >= 0
            else {
                throw HTTPError(.badRequest, message: "chunk and shard are non-negative integers")
            }
            let found = try await answer { () async throws(PinnerError) in try await pinner.shard(id, chunk: chunk, shard: shard)
            }
            return json(
                ShardView(
                    objectID: id, bytes: found.bytes, header: found.header, proof: found.proof, shardRoot: found.object.shardRoot)
            )
        }
        router.get("/metrics") { _, _ in
            let text = PinnerMetrics.text(await pinner.stats, objects: await pinner.objectIDs().count)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        // Other methods on a known path: 405 naming GET, not 404.
        for path in routes {
            let hummingbirdPath = RouterPath(
                path.replacingOccurrences(of: "{objectID}", with: ":id").replacingOccurrences(of: "{id}", with: ":id")
                    .replacingOccurrences(of: "{chunk}", with: ":chunk").replacingOccurrences(of: "{shard}", with: ":shard"))
            for method in [HTTPRequest.Method.head, .post, .put, .delete, .patch, .options, .trace, HTTPRequest.Method("QUERY")!]
            {
                router.on(hummingbirdPath, method: method) { _, _ -> Response in
                    var headers = HTTPFields()
                    headers[.allow] = "GET"
                    throw HTTPError(.methodNotAllowed, headers: headers, message: "\(path) allows GET")
                }
            }
        }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(string: PinnerOpenAPIDocument.yaml)))
        }
        return router
    }

    static func objectID(_ context: BasicRequestContext, _ name: String) throws -> String {
        guard let text = context.parameters.get(name), Hash32(hex: text) != nil else {
            throw HTTPError(.badRequest, message: "an object id is 64 hex digits")
        }
        return text.lowercased()
    }

    /// The pinner's answer, its errors as HTTP statuses: unknown → 404, a shard that cannot be read
    /// now → 503, anything else → 500.
    static func answer<T>(_ body: () async throws(PinnerError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            switch error {
            case .unknownObject: throw HTTPError(.notFound, message: error.description)
            case .badInput: throw HTTPError(.notFound, message: error.description)
            case .unrecoverable, .store: throw HTTPError(.serviceUnavailable, message: error.description)
            default: throw HTTPError(.internalServerError, message: error.description)
            }
        }
    }

    static func json<T: Encodable>(_ value: T) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
