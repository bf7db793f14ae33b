import BPISimulation

/// `bpi bench --only simulate`: 100,000 schedules of the Byzantine simulator with 4 validators
/// (and 10,000 with 7): schedules per second, and no property violated.
public enum SimulatorBenchmarks {
    /// Runs the schedules.
    public static func run(progress: @escaping @Sendable (String) -> Void) -> [BenchmarkFigure] {
        var figures: [BenchmarkFigure] = []
        for (n, count) in [(4, 100_000), (7, 10_000)] {
            progress("simulate: \(count) schedules of \(n) validators")
            let name = "simulate \(n) validators, \(count) schedules"
            do {
                let report = try Simulator.run(SimulationOptions(validators: n, schedules: count, seed: 1)) { done, total in
                    if done % 5_000 == 0 { progress("simulate: \(done)/\(total)") }
                }
                figures.append(BenchmarkFigure(name: "\(name): rate", value: report.schedulesPerSecond, unit: "schedules/s"))
                figures.append(
                    BenchmarkFigure(
                        name: "\(name): schedules with a violation", value: Double(report.failingSchedules), unit: "",
                        target: "0", met: report.passed))
            } catch {
                figures.append(.failed(name, target: "0 violations", error: error.description))
            }
        }
        return figures
    }
}
