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
            figures += try overhead(progress: progress)
            figures += try receiptVerification(progress: progress)
            figures += try replays(progress: progress)
            figures += try policyHooks(progress: progress)
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

    /// The fastest of `n` timings of `body`, in seconds (for CPU-bound comparisons on a shared machine).
    static func fastest(_ n: Int, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<n {
            let t = Stopwatch.now()
            try body()
            best = min(best, Double(Stopwatch.now() - t) / 1e9)
        }
        return best
    }

    /// The compute example under DockLock vs. the same module under plain WasmKit (its interpreter
    /// without fuel metering, the imports answered by stubs) and under WasmKit with its fuel
    /// metering on — the cage's own cost beside the metering's. The fastest of 9 runs each.
    static func overhead(progress: (String) -> Void) throws -> [BenchmarkFigure] {
        progress("DockLock: the compute example under the cage, plain WasmKit and WasmKit with fuel, 9 runs each")
        let module = try DockLock.wasm(fromWAT: ExampleWorkload.compute.wat)
        let job = try RunJob(module: module, inputs: [], seed: .zero, timeMs: 0, args: ["compute"], limits: RunLimits.maximum)
        let parsed = try parseWasm(bytes: module)
        func plain(fuel: Bool) throws {
            let store = Store(engine: Engine(configuration: EngineConfiguration(compilationMode: .eager, fuelMetering: fuel)))
            if fuel { store.fuel = Fuel(remaining: RunLimits.maximum.fuel) }
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
                    Function(store: store, parameters: parameters, results: results) { _, _ in
                        results.map { _ in Value.i32(0) }
                    })
            }
            _ = try parsed.instantiate(store: store, imports: imports).exports[function: "_start"]?()
        }
        // Interleaved, so that the three see the same moments of a shared machine.
        var caged = Double.infinity
        var bare = Double.infinity
        var metered = Double.infinity
        for _ in 0..<9 {
            caged = min(caged, try fastest(1) { _ = try DockLock.run(job) })
            bare = min(bare, try fastest(1) { try plain(fuel: false) })
            metered = min(metered, try fastest(1) { try plain(fuel: true) })
        }
        let ratio = caged / bare
        return [
            BenchmarkFigure(
                name: "DockLock: compute-bound WASM (4 M LCG steps) under the cage", value: caged * 1e3, unit: "ms",
                reference: bare * 1e3, referenceName: "plain WasmKit",
                target: "≤ 1.2× plain WasmKit (measured \(String(format: "%.2f", ratio))×)", met: ratio <= 1.2),
            BenchmarkFigure(
                name: "DockLock: the same under WasmKit with its fuel metering on (the cage's own share)", value: caged * 1e3,
                unit: "ms", reference: metered * 1e3, referenceName: "WasmKit with fuel"),
        ]
    }

    /// Receipts of one block (64) with their inclusion proofs, verified on one core: one by one, and
    /// a block's signatures as one batch (`Receipt.areSigned`) — the figure with the target.
    static func receiptVerification(progress: (String) -> Void) throws -> [BenchmarkFigure] {
        progress("DockLock: verifying receipt signatures and inclusion proofs on one core, 2 s one by one and 2 s batched")
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
        var start = Stopwatch.now()
        while Double(Stopwatch.now() - start) < 2e9 {
            let i = count % 64
            let r = receipts[i]
            if !(r.isSigned(by: publicKey) && proofs[i].verify(leafHash: r.id, root: root)) { failures += 1 }
            count += 1
        }
        let single = Double(count) / (Double(Stopwatch.now() - start) / 1e9)
        count = 0
        start = Stopwatch.now()
        let pairs = receipts.map { (receipt: $0, key: publicKey) }
        while Double(Stopwatch.now() - start) < 2e9 {
            if !Receipt.areSigned(pairs) { failures += 1 }
            for i in 0..<64 where !proofs[i].verify(leafHash: receipts[i].id, root: root) { failures += 1 }
            count += 64
        }
        let batched = Double(count) / (Double(Stopwatch.now() - start) / 1e9)
        return [
            BenchmarkFigure(
                name: "DockLock: receipt verification one by one (Ed25519 signature + inclusion proof), one core", value: single,
                unit: "receipts/s"),
            BenchmarkFigure(
                name: "DockLock: receipt verification, a block's 64 signatures batched + 64 inclusion proofs, one core",
                value: batched, unit: "receipts/s", reference: single, referenceName: "one by one", target: "≥ 20,000/s",
                met: batched >= 20_000 && failures == 0),
        ]
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

    /// Issue 15's figure: what an agreement's hooks (pre + post, each on a fresh instance) add to a
    /// word-count run, for each example agreement — median and p99 of 300 runs, beside the run alone.
    /// Reads `examples/agreements/` of the current directory.
    static func policyHooks(progress: (String) -> Void) throws -> [BenchmarkFigure] {
        progress("DockLock: the example agreements' pre and post hooks around a word-count run, 300 times each")
        // The example agreements of the repository (bpi bench runs from its root).
        let examples = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(
            "examples/agreements")
        let wordcount = try DockLock.wasm(fromWAT: ExampleWorkload.wordcount.wat)
        var figures: [BenchmarkFigure] = []
        for (name, file) in [("input-schema", "schema"), ("output-bound", "bound"), ("cosigned", "cosign")] {
            let text = try String(contentsOf: examples.appendingPathComponent("\(name)/\(file).wat"), encoding: .utf8)
            let bundle = try AgreementBuilder.bundle(
                name: name, agreementVersion: 1, governs: [RunHeader.moduleHash(wordcount)], limits: .standard,
                policies: [try DockLock.wasm(fromWAT: text)])
            let agreement = try Agreement(bundle: bundle)
            let job = try RunJob(
                module: wordcount, inputs: [RunInput(name: "doc.txt", content: Array("id,name,amount\n1,ann,5\n".utf8))],
                seed: .zero, timeMs: 0, args: ["wordcount"], agreementID: agreement.id)
            let plain = try RunJob(
                header: {
                    var h = job.header
                    h.agreementID = .zero
                    return h
                }(), module: wordcount, inputs: job.inputs)
            let result = try DockLock.run(plain)
            var hooks: [Double] = []
            var runs: [Double] = []
            for _ in 0..<300 {
                var t = Stopwatch.now()
                _ = agreement.evaluate(PolicyContext(pre: job))
                _ = agreement.evaluate(PolicyContext(post: job, result: result))
                hooks.append(Double(Stopwatch.now() - t) / 1e3)
                t = Stopwatch.now()
                _ = try DockLock.run(plain)
                runs.append(Double(Stopwatch.now() - t) / 1e3)
            }
            let h = Percentiles(hooks)
            let r = Percentiles(runs)
            figures.append(
                BenchmarkFigure(
                    name: "DockLock: agreement '\(name)' hooks (pre + post) per run, median", value: h.at(0.5) ?? 0, unit: "µs",
                    reference: r.at(0.5), referenceName: "the run alone"))
            figures.append(
                BenchmarkFigure(
                    name: "DockLock: agreement '\(name)' hooks (pre + post) per run, p99", value: h.at(0.99) ?? 0, unit: "µs",
                    reference: r.at(0.99), referenceName: "the run alone"))
        }
        return figures
    }
}
