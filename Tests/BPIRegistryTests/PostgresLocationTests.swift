import BPIRegistry
import Testing

@Suite("PostgreSQL location")
struct PostgresLocationTests {
    @Test("parses a libpq-style URL; the password comes from the URL or PGPASSWORD, and never from the description")
    func parses() throws {
        let l = try PostgresLocation(url: "postgres://reg:s3cret@db.example:6543/ledger?schema=reg_1&sslmode=require")
        #expect(l.host == "db.example" && l.port == 6543 && l.user == "reg" && l.password == "s3cret")
        #expect(l.database == "ledger" && l.schema == "reg_1" && l.tls == .require)
        #expect(!l.description.contains("s3cret") && l.description.contains("reg@db.example:6543/ledger"))
        let d = try PostgresLocation(url: "postgresql://reg@localhost/ledger", environment: ["PGPASSWORD": "fromenv"])
        #expect(d.port == 5432 && d.password == "fromenv" && d.schema == "bpi_registry" && d.tls == .prefer)
        #expect(try PostgresLocation(url: "postgres://reg@localhost/ledger", environment: [:]).password == nil)
    }

    @Test(
        "refuses what is not a location",
        arguments: [
            "mysql://u@h/db", "postgres://h/db", "postgres://u@h/", "postgres://u@h/db?schema=Robert%27);DROP",
            "postgres://u@h/db?schema=", "postgres://u@h/db?sslmode=sometimes", "postgres://u@h/db?colour=blue",
            "postgres://u@h/db?schema=\(String(repeating: "a", count: 64))", "postgres://u@h:0/db", "not a url",
        ])
    func refuses(url: String) {
        #expect(throws: RegistryError.self) { _ = try PostgresLocation(url: url, environment: [:]) }
    }
}
