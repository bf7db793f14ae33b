import Foundation

/// The S3-compatible server the pinner's S3 suites run against: `BPI_S3_ENDPOINT`, which
/// `scripts/test` sets after `scripts/s3 start` (moto on loopback). Without it those tests fail,
/// saying how to start one: an S3 test that found no server never passes silently.
public enum S3TestServer {
    /// Why no server is known.
    public struct Missing: Error, CustomStringConvertible {
        public init() {}
        public var description: String {
            "BPI_S3_ENDPOINT is not set: run the tests through scripts/test, or export BPI_S3_ENDPOINT=\"$(scripts/s3 start)\""
        }
    }

    /// The endpoint, e.g. `http://127.0.0.1:55433`.
    public static func endpoint() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["BPI_S3_ENDPOINT"], !url.isEmpty else { throw Missing() }
        return url
    }

    /// An `s3://` backend URL for a fresh bucket on the server.
    public static func backend(_ prefix: String) throws -> String {
        "s3://\(prefix)-\(UInt32.random(in: 0...UInt32.max))?endpoint=\(try endpoint())&region=us-east-1"
    }

    /// Test credentials (moto takes any).
    public static let environment = ["AWS_ACCESS_KEY_ID": "bpi-test", "AWS_SECRET_ACCESS_KEY": "bpi-test-secret"]

    /// The moto server executable in the oracle venv, to start a private server (a drill that stops it).
    public static var motoServer: String {
        TestPaths.packageRoot.appendingPathComponent(".build/oracle-venv/bin/moto_server").path
    }
}
