import BPICrypto
import BPIDockLock
import BPIHash
import BPIToolKit
import BPITypes
import Foundation
import WasmKit

/// Issue 14's DockLock figures: the cost of the cage over plain WasmKit on a compute-bound module,
/// receipt verification (signature and inclusion proof) on one core, and each example's replay
/// from its witness beside its original run.
public enum DockLockBenchmarks {
    public static func run(progress: (String) -> Void) -> [BenchmarkFigure] {
        var figures: [BenchmarkFigure] = []
        do {
            figures.append(try overhead(progress: progress))
            figures.append(try receiptVerification(progress: progress))
            figures += try replays(progress: progress)
        } catch {
            figures.append(.failed("DockLock", target: "runs", error: "\(error)"))
        }
        return figures
    }

    /// The median of `n` timings of `body`, in seconds.
    static func median(_ n: Int, _ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<n {
            let t = Stopwatch.now()
            try body()
            times.append(Double(Stopwatch.now() - t) / 1e9)
        }
        return times.sorted()[n / 2]
    }

    /// The compute example (4 million LCG steps) under DockLock vs. plain WasmKit: the same module,
    /// WasmKit's interpreter without fuel metering, its imports answered by stubs.
    static func overhead(progress: (String) -> Void) throws -> BenchmarkFigure {
        progress("DockLock: the compute example under the cage and under plain WasmKit, 5 runs each")
        let module = try DockLock.wasm(fromWAT: ExampleWorkload.compute.wat)
        let job = try RunJob(module: module, inputs: [], seed: .zero, timeMs: 0, args: ["compute"], limits: RunLimits.maximum)
        let caged = try median(5) { _ = try DockLock.run(job) }
        let parsed = try parseWasm(bytes: module)
        let plain = try median(5) {
            let store = Store(engine: Engine(configuration: EngineConfiguration(compilationMode: .eager)))
            var imports = Imports()
            // The compute example imports fd_write, fd_read, path_open and proc_exit (ExampleWorkload.imports).
            let i32 = ValueType.i32
            let stubs: [(String, [ValueType], [ValueType])] = [
                ("fd_write", [i32, i32, i32, i32], [i32]), ("fd_read", [i32, i32, i32, i32], [i32]),
                ("path_open", [i32, i32, i32, i32, i32, .i64, .i64, i32, i32], [i32]), ("proc_exit", [i32], []),
            ]
            for (name, parameters, results) in stubs {
                imports.define(
                    module: "wasi_snapshot_preview1", name: name,
                    Function(store: store, parameters: parameters, results: results) { _, _ in results.map { _ in Value.i32(0) } }
                )
            }
            _ = try parsed.instantiate(store: store, imports: imports).exports[function: "_start"]?()
        }
        let ratio = caged / plain
        return BenchmarkFigure(
            name: "DockLock: compute-bound WASM (4 M LCG steps) under the cage", value: caged * 1e3, unit: "ms",
            reference: plain * 1e3, referenceName: "plain WasmKit",
            target: "≤ 1.2× plain WasmKit (measured \(String(format: "%.2f", ratio))×)",
            met: ratio <= 1.2)
    }

    /// Receipts of one block (64) with their inclusion proofs, verified one after another on one core.
    static func receiptVerification(progress: (String) -> Void) throws -> BenchmarkFigure {
        progress("DockLock: verifying receipt signatures and inclusion proofs on one core for 2 s")
        let key = try Ed25519PrivateKey(seed: [UInt8](repeating: 9, count: 32))
        let executor = Hash32([UInt8](repeating: 0xE1, count: 32))!
        let base = try DockLock.run(
            try RunJob(
                module: try DockLock.wasm(fromWAT: ExampleWorkload.wordcount.wat),
                inputs: ExampleWorkload.wordcount.inputs.map { RunInput(name: $0.0, content: $0.1) }, seed: .zero, timeMs: 0,
                args: ["wordcount"])
        ).receipt
        let receipts = (0..<64).map { i -> Receipt in
            var r = base
            r.runHeader.timeMs = UInt64(i)
            return r.signed(executor: executor, key: key)
        }
        let tree = MerkleTree(leafHashes: receipts.map(\.id))
        let proofs = try (0..<64).map { try tree.proof(index: $0) }
        let root = tree.root
        let publicKey = key.publicKey
        var count = 0
        var failures = 0
        let start = Stopwatch.now()
        while Double(Stopwatch.now() - start) < 2e9 {
            let i = count % 64
            let r = receipts[i]
            if !(r.isSigned(by: publicKey) && proofs[i].verify(leafHash: r.id, root: root)) { failures += 1 }
            count += 1
        }
        let rate = Double(count) / (Double(Stopwatch.now() - start) / 1e9)
        return BenchmarkFigure(
            name: "DockLock: receipt verification (Ed25519 signature + inclusion proof), one core", value: rate,
            unit: "receipts/s", target: "≥ 20,000/s", met: rate >= 20_000 && failures == 0)
    }

    /// Each example's replay from its witness log beside its original run (medians of 3).
    static func replays(progress: (String) -> Void) throws -> [BenchmarkFigure] {
        progress("DockLock: running and replaying each example workload")
        var figures: [BenchmarkFigure] = []
        for w in ExampleWorkload.allCases {
            let job = try RunJob(
                module: try DockLock.wasm(fromWAT: w.wat), inputs: w.inputs.map { RunInput(name: $0.0, content: $0.1) },
                seed: .zero, timeMs: 0, args: [w.rawValue],
                limits: RunLimits(fuel: 50_000_000, memoryPages: 64, outputBytes: 1 << 20))
            var result: RunResult?
            let original = try median(3) { result = try DockLock.run(job) }
            let log = WitnessLog.encode(result!.witness)
            let replay = try median(3) { _ = try DockLock.replay(result!.receipt, witness: log) }
            figures.append(
                BenchmarkFigure(
                    name: "DockLock: replay of '\(w.rawValue)' from its witness (\(result!.receipt.outcome))",
                    value: replay * 1e3,
                    unit: "ms", reference: original * 1e3, referenceName: "original run"))
        }
        return figures
    }
}
