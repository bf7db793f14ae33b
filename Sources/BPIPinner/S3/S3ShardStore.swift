import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Shards as objects in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW; moto in the tests),
/// spoken to over HTTP with `async-http-client` and signed with AWS Signature V4 (`SigV4Signer`).
public struct S3ShardStore: ShardStore {
    public let location: S3Location
    let signer: SigV4Signer
    let client: HTTPClient
    /// Per-request deadline.
    public var timeout: TimeAmount = .seconds(30)

    public var name: String { location.name }

    /// A store for `location` with credentials `accessKey`/`secretKey`.
    public init(location: S3Location, accessKey: String, secretKey: String, client: HTTPClient = S3ShardStore.client) {
        self.location = location
        signer = SigV4Signer(accessKey: accessKey, secretKey: secretKey, region: location.region)
        self.client = client
    }

    /// A store for `location` with credentials from `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
    public init(location: S3Location, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ShardStoreError)
    {
        guard let access = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"], !access.isEmpty
        else {
            throw .badBackend("\(location.name): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        }
        self.init(location: location, accessKey: access, secretKey: secret)
    }

    /// The process's HTTP client for S3: a connection that cannot be made fails its request at once
    /// (no backoff inside the client: a backend that is down is reported unavailable promptly, and
    /// one that comes back is used by the next request), connection attempts give up after 3 s; up
    /// to 16 connections per host. Never shut down: it lives as long as the process.
    public static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(3)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Creates the bucket unless it exists (and is ours).
    public func ensureBucket() async throws(ShardStoreError) {
        let head = try await send("HEAD", path: "/\(location.bucket)", body: [])
        switch head.status {
        case 200: return
        case 404:
            let made = try await send("PUT", path: "/\(location.bucket)", body: [])
            guard made.status == 200 else { throw refusal(made, "creating bucket \(location.bucket)") }
        default: throw refusal(head, "checking bucket \(location.bucket)")
        }
    }

    public func put(_ key: ShardKey, _ bytes: [UInt8]) async throws(ShardStoreError) {
        let r = try await send("PUT", path: objectPath(key), body: bytes)
        guard r.status == 200 else { throw refusal(r, "PUT \(key.path)") }
    }

    public func get(_ key: ShardKey) async throws(ShardStoreError) -> [UInt8]? {
        let r = try await send("GET", path: objectPath(key), body: [])
        switch r.status {
        case 200: return r.body
        case 404: return nil
        default: throw refusal(r, "GET \(key.path)")
        }
    }

    public func delete(_ key: ShardKey) async throws(ShardStoreError) {
        let r = try await send("DELETE", path: objectPath(key), body: [])
        guard r.status == 204 || r.status == 200 || r.status == 404 else { throw refusal(r, "DELETE \(key.path)") }
    }

    func objectPath(_ key: ShardKey) -> String { "/\(location.bucket)/\(key.path)" }

    struct Answer {
        var status: Int
        var body: [UInt8]
    }

    /// One signed request, tried once more at once when the connection fails (every request the
    /// store sends is idempotent, and a pooled connection to a server that restarted fails once);
    /// a connection failure that persists, or a 5xx, is `unavailable`. The pinner, not the store,
    /// decides when to ask again (probes, audits).
    func send(_ method: String, path: String, body: [UInt8]) async throws(ShardStoreError) -> Answer {
        do {
            return try await attempt(method, path: path, body: body)
        } catch .unavailable(_, let why) where !why.hasPrefix("HTTP ") {
            return try await attempt(method, path: path, body: body)
        }
    }

    func attempt(_ method: String, path: String, body: [UInt8]) async throws(ShardStoreError) -> Answer {
        let base =
            location.endpoint.absoluteString.hasSuffix("/")
            ? String(location.endpoint.absoluteString.dropLast()) : location.endpoint.absoluteString
        var request = HTTPClientRequest(url: base + path)
        request.method = HTTPMethod(rawValue: method)
        let host = location.endpoint.host! + (location.endpoint.port.map { ":\($0)" } ?? "")
        request.headers.add(name: "Host", value: host)
        for (name, value) in signer.sign(method: method, path: path, headers: [("host", host)], body: body, date: Date()) {
            request.headers.add(name: name, value: value)
        }
        if !body.isEmpty || method == "PUT" {
            request.headers.add(name: "Content-Length", value: String(body.count))
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await client.execute(request, timeout: timeout)
            let collected = try await response.body.collect(upTo: 1 << 28)
            let answer = Answer(status: Int(response.status.code), body: Array(buffer: collected))
            if answer.status >= 500 {
                throw ShardStoreError.unavailable(backend: name, "HTTP \(answer.status) for \(method) \(path)")
            }
            return answer
        } catch let error as ShardStoreError {
            throw error
        } catch {
            throw .unavailable(backend: name, "\(method) \(path): \(error)")
        }
    }

    func refusal(_ answer: Answer, _ what: String) -> ShardStoreError {
        let text = String(decoding: answer.body.prefix(300), as: UTF8.self)
        return .refused(backend: name, status: answer.status, "\(what): \(text)")
    }
}
