import BPITestSupport
import Foundation
import Testing

@Suite("bpi-fuzz corpus replay")
struct FuzzReplayTests {
    @Test(
        "each bpi-fuzz corpus replays through its target without a finding",
        arguments: [
            ("consensus-message", 6), ("wire-message", 20), ("key-file", 2), ("receipt", 8), ("agreement", 11),
            ("da-manifest", 4), ("da-car", 3), ("da-challenge", 4), ("threshold", 10), ("inclusion", 6), ("ethereum", 5),
            ("anchor", 5), ("set-change", 8),
        ])
    func replay(target: String, minimum: Int) throws {
        let binary = URL(fileURLWithPath: BPIBinary.path).deletingLastPathComponent().appendingPathComponent("bpi-fuzz").path
        let corpus = TestPaths.packageRoot.appendingPathComponent("Fuzz/Corpus/\(target)").path
        let result = try Subprocess.run(binary, [target, corpus])
        #expect(result.status == 0, "\(result.err)")
        let count = Int(result.out.split(separator: " ")[1]) ?? 0
        #expect(count >= minimum)
    }

    @Test("an unknown fuzz target is a usage error")
    func unknownTarget() throws {
        let binary = URL(fileURLWithPath: BPIBinary.path).deletingLastPathComponent().appendingPathComponent("bpi-fuzz").path
        #expect(try Subprocess.run(binary, ["no-such-target"]).status == 64)
    }
}
