import BPIHash
import BPIPoH
import BPIToolKit
import Foundation

/// Issue 13's Proof-of-History figures: the sequential rate at which a proposer computes the tick
/// chain, and the rate at which a verifier replays it on every core (each record carries its start).
public enum PoHBenchmarks {
    /// Steps in the benchmark chain, and per clock tick.
    static let steps: UInt64 = 2_000_000
    static let hashesPerTick: UInt64 = 10_000

    public static func run(progress: (String) -> Void) -> [BenchmarkFigure] {
        progress("PoH: recording \(steps) sequential steps")
        let seed = Array("benchmark seed".utf8)
        var recorder = PoHRecorder(seed: seed, hashesPerTick: hashesPerTick)
        let t0 = Stopwatch.now()
        var done: UInt64 = 0
        var event: UInt8 = 0
        while done < steps {
            recorder.hash(hashesPerTick / 2)
            recorder.mix(BLAKE3.hash([event]))  // an event every half tick
            event &+= 1
            done += hashesPerTick / 2
        }
        let generate = Double(Stopwatch.now() - t0) / 1e9
        let records = recorder.records
        let cores = ProcessInfo.processInfo.activeProcessorCount
        /// The median of three replays (the machine is shared: one run can lose a core for a while).
        func replayRate(threads: Int) -> Double {
            progress("PoH: replaying \(records.count) records on \(threads) thread(s), three times")
            var rates: [Double] = []
            for _ in 0..<3 {
                let t = Stopwatch.now()
                let ok = (try? PoHVerifier.verify(records, seed: seed, hashesPerTick: hashesPerTick, threads: threads)) != nil
                rates.append(ok ? Double(done) / (Double(Stopwatch.now() - t) / 1e9) / 1e6 : 0)
            }
            return rates.sorted()[1]
        }
        let generationRate = Double(done) / generate / 1e6
        let single = replayRate(threads: 1)
        let replayRate = replayRate(threads: cores)
        return [
            BenchmarkFigure(name: "PoH: sequential tick-chain generation (one core)", value: generationRate, unit: "M hashes/s"),
            BenchmarkFigure(name: "PoH: replay on one thread", value: single, unit: "M hashes/s"),
            BenchmarkFigure(
                name: "PoH: replay of the same chain on \(cores) cores", value: replayRate, unit: "M hashes/s",
                reference: generationRate, referenceName: "generation",
                target: "≥ 1.8× generation", met: replayRate >= 1.8 * generationRate),
        ]
    }
}
