import Foundation
import HTTPTypes
import Hummingbird
import JWTKit

/// Read access to the registry (docs/SPEC.md §14.7): open, or by bearer token — a JWT (HS256, the
/// deployment's shared secret) verified with jwt-kit, unexpired, whose `scope` claim lists
/// `registry:read`. No or a bad token: 401; a valid token without the scope: 403.
public struct RegistryAuth: RouterMiddleware {
    public typealias Context = BasicRequestContext

    /// The claims a registry token carries.
    public struct Claims: JWTPayload {
        /// Who it was issued to.
        public var sub: SubjectClaim
        /// When it expires.
        public var exp: ExpirationClaim
        /// Space-separated scopes; reading needs `registry:read`.
        public var scope: String

        public init(subject: String, expires: Date, scope: String) {
            sub = SubjectClaim(value: subject)
            exp = ExpirationClaim(value: expires)
            self.scope = scope
        }

        public func verify(using algorithm: some JWTAlgorithm) async throws { try exp.verifyNotExpired() }
    }

    /// The scope reading needs.
    public static let readScope = "registry:read"

    let keys: JWTKeyCollection?

    /// Open access.
    public static let open = RegistryAuth(keys: nil)

    /// Tokens signed with `secret` (HS256).
    public static func jwt(secret: [UInt8]) async -> RegistryAuth {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return RegistryAuth(keys: keys)
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let keys else { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            return Self.refusal(.unauthorized, "this registry needs Authorization: Bearer <a JWT with scope \(Self.readScope)>")
        }
        let claims: Claims
        do {
            claims = try await keys.verify(String(header.dropFirst(7)), as: Claims.self)
        } catch {
            return Self.refusal(.unauthorized, "the bearer token is not valid here (signature, format or expiry)")
        }
        guard claims.scope.split(separator: " ").contains(Substring(Self.readScope)) else {
            return Self.refusal(.forbidden, "the token's scope does not include \(Self.readScope)")
        }
        return try await next(request, context)
    }

    private static func refusal(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"bpi-registry\"" }
        let body = (try? JSONEncoder().encode(["error": message])) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: body)))
    }
}

extension RegistryAuth {
    /// A token for `subject` with `scope`, valid until `expires`, signed with `secret` (HS256): what
    /// `bpi registry token` prints for a deployment's readers.
    public static func token(secret: [UInt8], subject: String, scope: String, expires: Date) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(Claims(subject: subject, expires: expires, scope: scope))
    }
}
