import ArgumentParser
import BPIHash
import BPITools
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            """
            Measure BLAKE3 (beside b3sum --num-threads 1), Merkle roots, Ed25519, ECVRF, XChaCha20-Poly1305, BLS12-381, the \
            light client, and devnets of 4 and 7 validator processes (finality latency, payload throughput); print a table or JSON.
            """,
        discussion: """
            Build in release mode first (swift build -c release); debug builds are many times slower. Exit status 1 \
            when a figure misses its target or could not be measured (each such figure is listed on stderr, and has \
            "met": false — and "error" when not measured — in --json). The simulate group (100,000 schedules of \
            bpi simulate, about half an hour on 2 cores) runs only with --only simulate. The registry group measures SQLite \
            and the PostgreSQL server of --postgres (scripts/postgres start runs one on loopback and prints its URL); the da group's \
            pinner figures use the S3 server of --s3 (scripts/s3 start runs moto on loopback and prints its URL).
            """)
    @OptionGroup var home: HomeOption
    @Flag(help: "Print the figures as JSON.") var json = false
    @Option(
        help:
            "Run only these groups (repeatable): hash, crypto, bls, threshold, lightclient, poh, docklock, da, registry, frames, devnet, censorship, anchors, evidence, simulate."
    ) var only: [String] = []
    @Option(
        help:
            "The PostgreSQL server the registry group measures (postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE; default $BPI_POSTGRES_URL)."
    ) var postgres: String?
    @Option(help: "The S3 endpoint the da group's pinner figures use (http://HOST:PORT; default $BPI_S3_ENDPOINT).")
    var s3: String?

    func run() async throws {
        for group in only where !BenchmarkReport.groups.contains(group) {
            throw ValidationError(
                "unknown benchmark group \(group); choose from \(BenchmarkReport.groups.joined(separator: ", "))")
        }
        let postgres = postgres ?? ProcessInfo.processInfo.environment["BPI_POSTGRES_URL"]
        let s3 = s3 ?? ProcessInfo.processInfo.environment["BPI_S3_ENDPOINT"]
        let figures = await BenchmarkReport.runAll(only: Set(only), postgres: postgres, s3: s3) {
            FileHandle.standardError.write(Data("… \($0)\n".utf8))
        }
        print(json ? BenchmarkReport.json(figures) : BenchmarkReport.table(figures))
        let missed = BenchmarkReport.missed(figures)
        if !missed.isEmpty {
            for f in missed {
                FileHandle.standardError.write(
                    Data("bpi bench: MISSED \(f.name): \(f.error ?? "\(f.value) \(f.unit)") (target \(f.target ?? "-"))\n".utf8))
            }
            throw ExitCode(1)
        }
    }
}
