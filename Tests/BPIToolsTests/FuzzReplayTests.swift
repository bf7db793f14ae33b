import BPITestSupport
import Foundation
import Testing

@Suite("bpi-fuzz corpus replay")
struct FuzzReplayTests {
    @Test("the consensus-message corpus replays through the fuzz target without a finding")
    func replay() throws {
        let binary = URL(fileURLWithPath: BPIBinary.path).deletingLastPathComponent().appendingPathComponent("bpi-fuzz").path
        let corpus = TestPaths.packageRoot.appendingPathComponent("Fuzz/Corpus/consensus-message").path
        let result = try Subprocess.run(binary, ["consensus-message", corpus])
        #expect(result.status == 0, "\(result.err)")
        let count = Int(result.out.split(separator: " ")[1]) ?? 0
        #expect(count >= 6)
        #expect(try Subprocess.run(binary, ["no-such-target"]).status == 64)
    }
}
