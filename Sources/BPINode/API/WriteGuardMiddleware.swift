import BPIToolKit
import Foundation
import HTTPTypes
import Hummingbird

/// Guards the API's write endpoints (every method but GET, HEAD and OPTIONS): with a token
/// configured, a request must carry `Authorization: Bearer <token>` (401 otherwise; compared in
/// constant time); then each client address is held to its token bucket (429 with `Retry-After`
/// when it is empty). A 429 is held back for `tarpit` before it is sent: it costs the node no CPU
/// to wait, and a client that floods over keep-alive connections gets at most a few refusals per
/// second per connection instead of thousands, so the flood cannot take the cores consensus needs.
/// Reads are neither authenticated nor limited here.
public struct WriteGuardMiddleware: RouterMiddleware {
    public typealias Context = NodeRequestContext

    private let limiter: TokenBucketLimiter?
    private let token: [UInt8]?
    private let tarpit: Duration

    /// A guard with `limiter` (nil: no rate limit), `token` (nil: no authentication), and the
    /// delay before each 429.
    public init(limiter: TokenBucketLimiter?, token: String?, tarpit: Duration = .milliseconds(250)) {
        self.limiter = limiter
        self.token = token.map { Array($0.utf8) }
        self.tarpit = tarpit
    }

    /// Lets a read through; checks a write's token and rate.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        if let token {
            let presented = request.headers[.authorization].flatMap { value -> [UInt8]? in
                value.hasPrefix("Bearer ") ? Array(value.dropFirst(7).utf8) : nil
            }
            guard let presented, Self.constantTimeEqual(presented, token) else {
                var headers = HTTPFields()
                headers[.wwwAuthenticate] = "Bearer realm=\"bpi\""
                return Response(
                    status: .unauthorized, headers: headers,
                    body: .init(byteBuffer: .init(string: "this endpoint needs Authorization: Bearer <the node's API token>\n")))
            }
        }
        if let limiter, let wait = limiter.acquire(context.clientAddress, now: Double(Stopwatch.now()) / 1e9) {
            try? await Task.sleep(for: tarpit)
            var headers = HTTPFields()
            headers[.retryAfter] = String(Int(wait.rounded(.up)) > 0 ? Int(wait.rounded(.up)) : 1)
            return Response(
                status: .tooManyRequests, headers: headers,
                body: .init(
                    byteBuffer: .init(
                        string: "rate limit: at most \(limiter.rate) write requests per second from one address; retry later\n")))
        }
        return try await next(request, context)
    }

    /// Equal bytes, compared without an early exit (the time does not reveal a matching prefix).
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var diff = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) { diff |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0) }
        return diff == 0
    }
}
