import BPIHash
import BPIToolKit
import Foundation

/// The figures issue 2 names: BLAKE3 throughput (beside b3sum) and the Merkle root of 1,000 leaves.
public enum HashBenchmarks {
    private static func mibPerSecond(bytes: Int, seconds: Double) -> Double { Double(bytes) / seconds / 1_048_576 }

    /// BLAKE3 throughput on 1 KiB, 64 KiB and 16 MiB with the best backend and the portable path,
    /// and `b3sum --num-threads 1` on the same 16 MiB file (its process start-up subtracted).
    public static func blake3(progress: (String) -> Void) -> [BenchmarkFigure] {
        var figures: [BenchmarkFigure] = []
        var rng = SystemRandomNumberGenerator()
        let sizes = [(1024, "1 KiB", 20_000), (64 * 1024, "64 KiB", 500), (16 << 20, "16 MiB", 3)]
        var best16: Double = 0
        var big: [UInt8] = []
        for (size, label, iterations) in sizes {
            let input = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if size == 16 << 20 { big = input }
            for backend in [BLAKE3Backend.best, .portable] {
                progress("BLAKE3 \(label) (\(backend.rawValue))")
                let s = Stopwatch.secondsPerCall(iterations: iterations) { _ = BLAKE3.hash(input, backend: backend) }
                let rate = mibPerSecond(bytes: size, seconds: s)
                if size == 16 << 20 && backend == .best { best16 = rate }
                figures.append(BenchmarkFigure(name: "BLAKE3 \(label) (\(backend.rawValue))", value: rate, unit: "MiB/s"))
            }
        }
        progress("b3sum --num-threads 1 on the same 16 MiB file")
        if let b3 = b3sumRate(input: big) {
            figures.append(
                BenchmarkFigure(
                    name: "BLAKE3 16 MiB vs b3sum --num-threads 1", value: best16, unit: "MiB/s", reference: b3,
                    referenceName: "b3sum", target: "≥ 0.5× b3sum", met: best16 >= 0.5 * b3))
        } else {
            figures.append(BenchmarkFigure(name: "b3sum not found (apt-get install b3sum)", value: 0, unit: "MiB/s"))
        }
        return figures
    }

    /// Root of 1,000 32-byte leaves (leaf hashing, every level, the count binding), in µs per root.
    public static func merkle(progress: (String) -> Void) -> [BenchmarkFigure] {
        progress("Merkle root of 1,000 leaves")
        var rng = SystemRandomNumberGenerator()
        let leaves = (0..<1_000).map { _ in (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        var figures: [BenchmarkFigure] = []
        for backend in [BLAKE3Backend.best, .portable] {
            let s = Stopwatch.secondsPerCall(samples: 15, iterations: 200) {
                _ = Merkle.root(leafHashes: Merkle.leafHashes(leaves, backend: backend), backend: backend)
            }
            let micros = s * 1e6
            figures.append(
                BenchmarkFigure(
                    name: "Merkle root, 1,000 × 32-byte leaves (\(backend.rawValue))", value: micros, unit: "µs",
                    target: backend == .best ? "≤ 250 µs (seed < 1 ms)" : nil, met: backend == .best ? micros <= 250 : nil))
        }
        return figures
    }

    /// b3sum's single-thread throughput on `input` written to a file, in MiB/s; nil when b3sum is absent.
    static func b3sumRate(input: [UInt8]) -> Double? {
        let b3sum = "/usr/bin/b3sum"
        guard FileManager.default.isExecutableFile(atPath: b3sum) else { return nil }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("16mib")
        let empty = dir.appendingPathComponent("empty")
        guard (try? Data(input).write(to: file)) != nil, (try? Data().write(to: empty)) != nil else { return nil }
        func time(_ path: URL) -> Double {
            Stopwatch.secondsPerCall(samples: 15, iterations: 5) {
                _ = spawnAndWait(b3sum, ["--num-threads", "1", path.path])
            }
        }
        let hashing = time(file) - time(empty)
        return hashing > 0 ? mibPerSecond(bytes: input.count, seconds: hashing) : nil
    }
}

/// Runs a program with stdout discarded and waits for it, with less overhead than `Process`
/// so short runs of a reference tool can be timed. Returns the exit status, or nil if it could not start.
func spawnAndWait(_ path: String, _ arguments: [String]) -> Int32? {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for arg in argv { free(arg) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return nil }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return status
}
