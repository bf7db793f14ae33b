import Foundation

/// Where a PostgreSQL index lives, from a libpq-style URL:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME&sslmode=disable|prefer|require]`.
/// Without a password in the URL, `PGPASSWORD` is read (so the secret need not appear in a process
/// list). The schema (default `bpi_registry`) holds the registry's tables, so one database can hold
/// several registries. ``description`` never shows the password.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is protected.
    public enum TLSMode: String, Sendable, Equatable {
        /// Plain TCP (loopback, or a private network the operator trusts).
        case disable
        /// TLS when the server offers it (libpq's default).
        case prefer
        /// TLS or no connection.
        case require
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// The schema of the registry's tables: `[a-z_][a-z0-9_]{0,62}`.
    public var schema: String
    public var tls: TLSMode

    /// A location; `schema` must be a plain lower-case identifier.
    public init(
        host: String, port: Int = 5432, user: String, password: String?, database: String, schema: String = "bpi_registry",
        tls: TLSMode = .prefer
    ) throws(RegistryError) {
        guard Self.isIdentifier(schema) else {
            throw .configuration("schema \"\(schema)\" is not a plain identifier ([a-z_][a-z0-9_]{0,62})")
        }
        guard (1...65535).contains(port) else { throw .configuration("port \(port) is outside 1…65535") }
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.schema = schema
        self.tls = tls
    }

    /// Parses `url`; `environment` supplies `PGPASSWORD` when the URL carries no password.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(RegistryError) {
        guard let c = URLComponents(string: url), c.scheme == "postgres" || c.scheme == "postgresql" else {
            throw .configuration("a PostgreSQL location is postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        guard let host = c.host, !host.isEmpty else { throw .configuration("the PostgreSQL URL names no host") }
        guard let user = c.user, !user.isEmpty else { throw .configuration("the PostgreSQL URL names no user") }
        let database = String(c.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw .configuration("the PostgreSQL URL names no database (…/DATABASE)")
        }
        var schema = "bpi_registry"
        var tls = TLSMode.prefer
        for item in c.queryItems ?? [] {
            switch item.name {
            case "schema": schema = item.value ?? ""
            case "sslmode":
                guard let mode = TLSMode(rawValue: item.value ?? "") else {
                    throw .configuration("sslmode takes disable, prefer or require")
                }
                tls = mode
            default: throw .configuration("unknown PostgreSQL URL parameter \"\(item.name)\" (schema, sslmode)")
            }
        }
        try self.init(
            host: host, port: c.port ?? 5432, user: user, password: c.password ?? environment["PGPASSWORD"], database: database,
            schema: schema, tls: tls)
    }

    /// The location without its password.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)?schema=\(schema)&sslmode=\(tls.rawValue)"
    }

    static func isIdentifier(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard let first = bytes.first, bytes.count <= 63, first == UInt8(ascii: "_") || (0x61...0x7A).contains(first) else {
            return false
        }
        return bytes.allSatisfy { $0 == UInt8(ascii: "_") || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
    }
}
