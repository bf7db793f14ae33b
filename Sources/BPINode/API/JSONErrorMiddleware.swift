import HTTPTypes
import Hummingbird

/// Gives every error answer a JSON body, `{"error": {"message": "…"}}` — also the router's own
/// 404 for an unknown path and errors raised without a message — so a client never has to parse
/// an empty or HTML error.
public struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.body == nil {
            let message =
                error.status == .notFound
                ? "no such resource: \(request.method) \(request.uri.path) (see /openapi.yaml)" : error.status.reasonPhrase
            throw HTTPError(error.status, headers: error.headers, message: message)
        }
    }
}
