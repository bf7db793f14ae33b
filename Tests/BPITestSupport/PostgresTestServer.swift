import Foundation

/// The PostgreSQL server the PostgreSQL suites run against: `BPI_POSTGRES_URL`, which `scripts/test`
/// sets after `scripts/postgres start` (a cluster on loopback). Without it those tests fail, saying
/// how to start one: a PostgreSQL test that found no server never passes silently.
public enum PostgresTestServer {
    /// Why no server is known.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "BPI_POSTGRES_URL is not set: run the tests through scripts/test, or export BPI_POSTGRES_URL=\"$(scripts/postgres start)\""
        }
    }

    /// The server's URL with its registry tables in `schema` (each test its own schema).
    public static func url(schema: String) throws -> String {
        guard let base = ProcessInfo.processInfo.environment["BPI_POSTGRES_URL"], !base.isEmpty,
            var components = URLComponents(string: base)
        else { throw Missing() }
        var items = (components.queryItems ?? []).filter { $0.name != "schema" }
        items.append(URLQueryItem(name: "schema", value: schema))
        components.queryItems = items
        guard let url = components.string else { throw Missing() }
        return url
    }

    /// A fresh schema name.
    public static func freshSchema(_ prefix: String) -> String {
        "\(prefix)_\(UInt32.random(in: 0...UInt32.max))"
    }
}
