import BPIToolKit
import BPITypes
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small client of a node's HTTP API (`bpi status`, `bpi verify`, `bpi demo`).
public struct RPCClient: Sendable {
    /// The API's base URL, e.g. `http://127.0.0.1:26700`.
    public let base: URL
    /// Seconds a request may take.
    public let timeout: TimeInterval
    let session: URLSession
    /// A bearer token sent with every request (a registry behind JWT), or nil.
    public let bearer: String?

    /// A client of `base` with a per-request timeout, sending `bearer` when given.
    public init(base: URL, timeout: TimeInterval = 5, bearer: String? = nil) {
        self.base = base
        self.timeout = timeout
        self.bearer = bearer
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        session = URLSession(configuration: configuration)
    }

    /// Parses `http://host:port`.
    public init(url text: String, timeout: TimeInterval = 5, bearer: String? = nil) throws(ToolError) {
        guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw .badInput("--rpc must be a URL like http://127.0.0.1:26700; got \(text)")
        }
        guard timeout > 0, timeout.isFinite else { throw .badInput("--timeout must be a positive number of seconds") }
        self.init(base: url, timeout: timeout, bearer: bearer)
    }

    /// GETs `path` and returns the body of a 200 response.
    public func get(_ path: String) async throws(ToolError) -> Data { try await request(path, method: "GET", body: nil) }

    /// POSTs `body` to `path` and returns the body of a 2xx response.
    public func post(_ path: String, body: Data) async throws(ToolError) -> Data {
        try await request(path, method: "POST", body: body)
    }

    /// GETs `path` and decodes its JSON; an answer that is not the expected JSON is a failed check
    /// of the node (exit 1), not bad input from the user.
    public func getJSON<T: Decodable>(_ path: String, as type: T.Type) async throws(ToolError) -> T {
        let data = try await get(path)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            let start = String(decoding: data.prefix(40), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            throw .verificationFailed(
                "\(base.absoluteString)\(path) did not answer the node API's JSON (\(JSONProblem.describe(error))); it began: \(start)"
            )
        }
    }

    /// A response of any status: the status code, the headers (lower-cased names) and the body.
    public struct Reply: Sendable {
        /// HTTP status code.
        public var status: Int
        /// Response headers, names lower-cased.
        public var headers: [String: String]
        /// Response body.
        public var body: Data
    }

    /// Sends one request and returns the reply whatever its status (load tests, API tests).
    public func exchange(_ path: String, method: String, body: Data? = nil, headers: [String: String] = [:])
        async throws(ToolError) -> Reply
    {
        guard let url = URL(string: base.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + path) else {
            throw .badInput("bad path \(path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        }
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch let error as URLError {
            switch error.code {
            case .timedOut:
                throw .io("\(url.absoluteString) did not answer within \(Int(timeout)) s (raise it with --timeout)")
            case .cannotConnectToHost, .networkConnectionLost:
                throw .io("cannot reach \(url.absoluteString): connection refused or closed (is the node running?)")
            case .cannotFindHost, .dnsLookupFailed:
                throw .io("cannot reach \(url.absoluteString): unknown host")
            default:
                throw .io("cannot reach \(url.absoluteString): \(error.localizedDescription)")
            }
        } catch {
            throw .io("cannot reach \(url.absoluteString): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else { throw .io("\(url.absoluteString): not an HTTP response") }
        var fields: [String: String] = [:]
        for (k, v) in http.allHeaderFields { fields["\(k)".lowercased()] = "\(v)" }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    private func request(_ path: String, method: String, body: Data?) async throws(ToolError) -> Data {
        let reply = try await exchange(path, method: method, body: body)
        guard (200..<300).contains(reply.status) else {
            struct APIError: Decodable {
                struct Detail: Decodable { var message: String }
                var error: Detail
            }
            let message =
                (try? JSONDecoder().decode(APIError.self, from: reply.body))?.error.message
                ?? String(decoding: reply.body.prefix(300), as: UTF8.self)
            throw .verificationFailed("\(method) \(base.absoluteString)\(path): HTTP \(reply.status): \(message)")
        }
        return reply.body
    }
}
