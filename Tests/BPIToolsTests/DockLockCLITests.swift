import BPITestSupport
import Foundation
import Testing

/// `bpi run` and `bpi receipt` on the command line: the determinism harness over fresh processes
/// (a short count; `scripts/docklock-determinism 1000` is the full one), exit statuses, refusals.
@Suite struct DockLockCLITests {
    @Test func theDeterminismHarnessFindsOneReceiptPerWorkloadAcrossFreshProcesses() throws {
        let script = TestPaths.packageRoot.appendingPathComponent("scripts/docklock-determinism").path
        var environment = ProcessInfo.processInfo.environment
        environment["BPI_BIN"] = BPIBinary.path
        let result = try Subprocess.run("/bin/bash", [script, "3"], environment: environment)
        #expect(result.status == 0, "\(result.err)")
        #expect(
            result.out.split(separator: "\n").filter { $0.contains("3 fresh processes, one receipt") }.count == 9, "\(result.out)"
        )
    }

    @Test func exitStatusesSayHowTheRunEnded() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-run-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let completed = try BPIBinary.run(["run", "--example", "exit-code", "--out", dir + "/a"])
        #expect(completed.status == 0 && completed.out.contains("\"exitCode\" : 7"), "\(completed.err)")
        let trapped = try BPIBinary.run(["run", "--example", "trap", "--out", dir + "/b"])
        #expect(trapped.status == 0 && trapped.out.contains("\"outcome\" : \"trap\""))
        let limited = try BPIBinary.run(["run", "--example", "loop", "--fuel", "10000", "--out", dir + "/c"])
        #expect(limited.status == 1 && limited.out.contains("out-of-fuel") && limited.err.contains("stopped"), "\(limited.err)")
        try "(module (import \"env\" \"socket\" (func)) (func (export \"_start\")))".write(
            toFile: dir + "/bad.wat", atomically: true, encoding: .utf8)
        let refused = try BPIBinary.run(["run", "--wat", dir + "/bad.wat", "--out", dir + "/d"])
        #expect(refused.status == 2 && refused.err.contains("outside the DockLock ABI"), "\(refused.err)")
        let occupied = try BPIBinary.run(["run", "--example", "trap", "--out", dir + "/b"])
        #expect(occupied.status == 2 && occupied.err.contains("--force"))
        let two = try BPIBinary.run(["run", "--example", "trap", "--wat", dir + "/bad.wat", "--out", dir + "/e"])
        #expect(two.status == 2 && two.err.contains("exactly one"))
        let badSeed = try BPIBinary.run(["run", "--example", "trap", "--seed-hex", "00", "--out", dir + "/f"])
        #expect(badSeed.status == 2)
        let noExample = try BPIBinary.run(["run", "--example", "nope", "--out", dir + "/g"])
        #expect(noExample.status == 2 && noExample.err.contains("wordcount"))
        // A replay against another run's witness is refused (1); an unreadable receipt is 2.
        _ = try BPIBinary.run(["run", "--example", "entropy", "--out", dir + "/h", "--receipt-out", dir + "/h.cbor"])
        let mismatch = try BPIBinary.run(["receipt", "replay", "--receipt", dir + "/h.cbor", "--witness", dir + "/a/witness.log"])
        #expect(mismatch.status == 1 && mismatch.out.hasPrefix("FAILED"), "\(mismatch.out)")
        let unreadable = try BPIBinary.run(["receipt", "show", dir + "/nothing"])
        #expect(unreadable.status == 2)
        let shown = try BPIBinary.run(["receipt", "show", dir + "/h.cbor"])
        #expect(shown.status == 0 && shown.out.contains("\"engine\" : \"wasmkit-0.4.2/docklock-1\""))
    }
}
