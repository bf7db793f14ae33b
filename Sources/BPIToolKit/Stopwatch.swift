import Foundation

/// Timing helpers for `bpi bench`: monotonic clock, repeated runs, robust statistics.
public enum Stopwatch {
    /// Nanoseconds on the monotonic clock.
    public static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Seconds per call of `body`: the median of `samples` runs, each of `iterations` calls
    /// (after one warm-up run), so one slow run (a context switch) does not skew the figure.
    public static func secondsPerCall(samples: Int = 7, iterations: Int, _ body: () -> Void) -> Double {
        for _ in 0..<iterations { body() }
        var runs: [Double] = []
        for _ in 0..<samples {
            let start = now()
            for _ in 0..<iterations { body() }
            runs.append(Double(now() - start) / 1e9 / Double(iterations))
        }
        runs.sort()
        return runs[runs.count / 2]
    }
}
