import ArgumentParser
import BPIHash
import BPITools
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Measure BLAKE3 (beside b3sum --num-threads 1), Merkle roots, Ed25519, ECVRF and XChaCha20-Poly1305; print a table or JSON.",
        discussion: "Build in release mode first (swift build -c release); debug builds are many times slower.")
    @OptionGroup var home: HomeOption
    @Flag(help: "Print the figures as JSON.") var json = false
    @Option(help: "Run only these groups (repeatable): hash, crypto, bls, lightclient.") var only: [String] = []

    func run() throws {
        for group in only where !BenchmarkReport.groups.contains(group) {
            throw ValidationError(
                "unknown benchmark group \(group); choose from \(BenchmarkReport.groups.joined(separator: ", "))")
        }
        let figures = BenchmarkReport.run(only: Set(only)) { FileHandle.standardError.write(Data("… \($0)\n".utf8)) }
        print(json ? BenchmarkReport.json(figures) : BenchmarkReport.table(figures))
    }
}
