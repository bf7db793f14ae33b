import BPITestSupport
import Foundation
import Testing

/// `bpi simulate` through the binary: exit codes, the report, a replayable failing seed.
@Suite("bpi simulate (command line)")
struct SimulateCLITests {
    @Test("honest schedules exit 0 with JSON; an injected bug exits 1 with the seed and replay command; bad usage exits 64")
    func exitCodes() throws {
        let ok = try BPIBinary.run(["simulate", "--schedules", "20", "--seed", "1", "--json"])
        #expect(ok.status == 0, "\(ok.err)")
        struct Report: Decodable {
            var schedules: Int
            var failingSchedules: Int
            var violations: [String: Int]
        }
        let report = try JSONDecoder().decode(Report.self, from: ok.stdout)
        #expect(report.schedules == 20 && report.failingSchedules == 0 && report.violations["safety"] == 0)

        // (Seed 29: the first no-lock fork since the daRoot forger joined the roles a schedule draws from.)
        let bad = try BPIBinary.run(["simulate", "--schedules", "3", "--seed", "29", "--inject-bug", "no-lock"])
        #expect(bad.status == 1)
        #expect(bad.out.contains("first failing seed 29"))
        #expect(bad.out.contains("replay: bpi simulate --validators 4 --schedules 1 --seed 29 --inject-bug no-lock --trace"))
        #expect(bad.out.contains("VIOLATION safety"))

        for arguments in [["--validators", "3"], ["--schedules", "0"], ["--inject-bug", "no-such-bug"]] {
            let usage = try BPIBinary.run(["simulate"] + arguments)
            #expect(usage.status == 64, "\(arguments): \(usage.err)")
            #expect(!usage.err.isEmpty)
        }
    }
}
