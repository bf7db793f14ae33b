import BPIDA
import BPIToolKit
import Foundation

/// Issue 16's erasure-coding figures: RS(10, 16) over 256 KiB chunks and RS(32, 48) over 512 KiB,
/// encode and decode (after losing n − k data shards, decode tables cached) through BPIDA's
/// wrapper, beside ISA-L called directly by `Benchmarks/isal_rs_bench.c` in the same run (compiled
/// with cc from the repository root): target ≥ 0.8× of it. MB/s of original data, one thread.
public enum DABenchmarks {
    public static func run(progress: (String) -> Void) -> [BenchmarkFigure] {
        var figures: [BenchmarkFigure] = []
        let reference = compileReference()
        for (k, n, chunk) in [(10, 16, 256 << 10), (32, 48, 512 << 10)] {
            progress("Reed-Solomon RS(\(k), \(n)), \(chunk >> 10) KiB chunks: BPIDA and ISA-L directly")
            let name = "RS(\(k), \(n)) \(chunk >> 10) KiB chunks"
            do {
                let ours = try measure(k: k, n: n, chunk: chunk)
                let theirs = try reference.path.map { try runReference($0, k: k, n: n, chunk: chunk) }
                for (what, value, ref) in [
                    ("encode", ours.encode, theirs?.encode), ("decode (n − k lost)", ours.decode, theirs?.decode),
                ] {
                    guard let ref else {
                        figures.append(
                            .failed(
                                "\(name) \(what)", target: "≥ 0.8× ISA-L",
                                error: "the ISA-L reference did not build: \(reference.error ?? "")"))
                        continue
                    }
                    figures.append(
                        BenchmarkFigure(
                            name: "\(name) \(what)", value: value, unit: "MB/s", reference: ref, referenceName: "ISA-L in C",
                            target: "≥ 0.8× ISA-L", met: value >= 0.8 * ref))
                }
            } catch {
                figures.append(.failed(name, target: "runs", error: "\(error)"))
            }
        }
        return figures
    }

    /// The wrapper's encode and decode rates over one chunk in cache, about a second each.
    static func measure(k: Int, n: Int, chunk: Int) throws -> (encode: Double, decode: Double) {
        let code = try ReedSolomon(k: k, n: n)
        let size = (chunk + k - 1) / k
        var rng = SystemRandomNumberGenerator()
        let data = (0..<(k * size)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let parity = try code.encode(chunk: data, shardSize: size)
        func rate(_ body: () throws -> Void) rethrows -> Double {
            var rounds = 0
            let start = Stopwatch.now()
            var elapsed = 0.0
            repeat {
                for _ in 0..<16 { try body() }
                rounds += 16
                elapsed = Double(Stopwatch.now() - start) / 1e9
            } while elapsed < 1
            return Double(rounds * k * size) / elapsed / 1e6
        }
        let encode = try rate { BLSBenchmarks.blackHole(try code.encode(chunk: data, shardSize: size)) }
        let lost = min(n - k, k)
        var shards: [[UInt8]?] = (0..<k).map { Array(data[($0 * size)..<(($0 + 1) * size)]) }
        shards += (0..<(n - k)).map { Array(parity[($0 * size)..<(($0 + 1) * size)]) }
        for i in 0..<lost { shards[i] = nil }
        guard try code.decode(shards, shardSize: size) == data else { throw ToolError.verificationFailed("decode mismatch") }
        let decode = try rate { BLSBenchmarks.blackHole(try code.decode(shards, shardSize: size)) }
        return (encode, decode)
    }

    /// Compiles `Benchmarks/isal_rs_bench.c` (from the current directory) into a temporary binary.
    static func compileReference() -> (path: String?, error: String?) {
        let source = "Benchmarks/isal_rs_bench.c"
        guard FileManager.default.fileExists(atPath: source) else {
            return (nil, "\(source) not found: run bpi bench from the repository root")
        }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("isal_rs_bench-\(getpid())").path
        let result = capture("/usr/bin/env", ["cc", "-O2", source, "-lisal", "-o", out])
        return result.status == 0 ? (out, nil) : (nil, "cc failed: \(result.output)")
    }

    static func runReference(_ path: String, k: Int, n: Int, chunk: Int) throws -> (encode: Double, decode: Double) {
        let result = capture(path, [String(k), String(n), String(chunk), "1"])
        let parts = result.output.split(separator: " ").map(String.init)
        guard result.status == 0, parts.count == 4, let e = Double(parts[1]),
            let d = Double(parts[3].trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw ToolError.io("the ISA-L reference answered \(result.output)") }
        return (e, d)
    }

    static func capture(_ path: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return (-1, "\(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
