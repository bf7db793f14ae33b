import BPILightClient
import BPILightClientTool
import BPITestSupport
import BPITools
import BPITypes
import Foundation
import Testing

/// Choosing between two branches (SPEC §18.8): the anchors choose the branch anchored past the
/// fork; without such an anchor the light client cannot decide, and says why.
@Suite("Fork check")
struct ForkCheckTests {
    @Test("without anchors: a proven fork, undecided; with anchors: the honest branch, whichever is --chain")
    func verdicts() throws {
        let (genesis, honest, fork) = try AnchorRuleTests.forked()
        let none = try ForkCheck.verify(genesis: genesis, chain: honest, other: fork)
        #expect(none.outcome.height == 5 && none.outcome.signedBoth == [0, 1] && none.outcome.evidence != nil)
        guard case .undecided(let why)? = none.outcome.verdict else {
            Issue.record("expected undecided, got \(String(describing: none.outcome.verdict))")
            return
        }
        #expect(why.contains("more than a third signed both") && none.exitCode == 25)
        let anchors = try AnchorRuleTests.book(honest, every: 4)
        let chosen = try ForkCheck.verify(genesis: genesis, chain: honest, other: fork, anchors: anchors)
        #expect(chosen.outcome.verdict == .chain && chosen.exitCode == 0)
        let refused = try ForkCheck.verify(genesis: genesis, chain: fork, other: honest, anchors: anchors)
        #expect(refused.outcome.verdict == .other && refused.exitCode == 24)
        #expect(refused.json.contains("\"verdict\":\"other\"") && refused.json.contains("\"signedBoth\":[0,1]"))
    }

    @Test("anchors only below the fork cannot choose; identical branches are no fork")
    func undecidedAndNoFork() throws {
        let (genesis, honest, fork) = try AnchorRuleTests.forked(at: 13)
        var file = TestChain.anchors(of: honest, chainID: "bpi-testchain", every: 4)
        file.anchors.removeAll { $0.height >= 13 }
        let low = try file.book(chainID: "bpi-testchain", depth: 1).book
        let outcome = try ForkCheck.verify(genesis: genesis, chain: honest, other: fork, anchors: low).outcome
        guard case .undecided(let why)? = outcome.verdict else {
            Issue.record("expected undecided, got \(String(describing: outcome.verdict))")
            return
        }
        #expect(why.contains("no confirmed anchor at or above height 13"))
        let same = try ForkCheck.verify(genesis: genesis, chain: honest, other: honest).outcome
        #expect(same.height == nil && same.evidence == nil && same.text.hasPrefix("no fork"))
    }

    @Test("a divergence whose other commit is not a certificate is no proven fork")
    func notProven() throws {
        let (genesis, honest, fork) = try AnchorRuleTests.forked()
        var entries = fork.entries
        entries[4].commit.aggregateSignature = honest.entries[4].commit.aggregateSignature
        let outcome = try ForkCheck.verify(genesis: genesis, chain: honest, other: ChainFile(entries: entries)).outcome
        #expect(outcome.height == 5 && outcome.evidence == nil && outcome.notProven != nil)
    }

    static var lcVerify: String {
        URL(fileURLWithPath: BPIBinary.path).deletingLastPathComponent().appendingPathComponent("lc-verify").path
    }

    @Test(
        "the binaries: testchain generate --fork-at --byzantine --fork-out --anchors-out, and lc-verify's verdicts and exit statuses"
    )
    func binaries() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-fork-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let gen = try BPIBinary.run([
            "testchain", "generate", "--validators", "7", "--headers", "24", "--out", dir + "/honest", "--fork-at", "10",
            "--byzantine", "3", "--fork-out", dir + "/fork", "--anchors-out", dir + "/anchors.json", "--anchor-every", "6",
        ])
        #expect(gen.status == 0, "\(gen.err)")
        let g = ["--genesis", dir + "/honest/genesis.json"]
        func lc(_ args: [String]) throws -> ProcessResult { try Subprocess.run(Self.lcVerify, g + args) }
        #expect(try lc(["--chain", dir + "/fork/chain.cbor"]).status == 0, "commits alone accept the fork")
        let refused = try lc(["--chain", dir + "/fork/chain.cbor", "--anchors", dir + "/anchors.json"])
        #expect(refused.status == 24 && refused.err.contains("height 12: contradicts a confirmed anchor"), "\(refused.err)")
        let undecided = try lc([
            "--chain", dir + "/honest/chain.cbor", "--fork", dir + "/fork/chain.cbor", "--evidence-out", dir + "/ev",
        ])
        #expect(undecided.status == 25 && undecided.out.contains("FORK at height 10"), "\(undecided.out)")
        #expect(undecided.out.contains("validators that signed both: 0, 1, 2") && undecided.out.contains("cannot decide"))
        let chosen = try lc([
            "--chain", dir + "/honest/chain.cbor", "--fork", dir + "/fork/chain.cbor", "--anchors", dir + "/anchors.json",
            "--json",
        ])
        #expect(chosen.status == 0 && chosen.out.contains("\"verdict\":\"chain\""), "\(chosen.out)")
        #expect(try lc(["--chain", dir + "/honest/chain.cbor", "--fork-evidence", dir + "/ev"]).status == 0)
        var tampered = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/ev")))
        tampered[tampered.count - 5] ^= 1
        try Data(tampered).write(to: URL(fileURLWithPath: dir + "/ev-bad"))
        #expect(try lc(["--chain", dir + "/honest/chain.cbor", "--fork-evidence", dir + "/ev-bad"]).status == 1)
        #expect(try lc(["--chain", dir + "/honest/chain.cbor", "--fork-evidence", dir + "/anchors.json"]).status == 2)
        // Too few colluders for a validly committed fork, and option misuse.
        let few = try BPIBinary.run([
            "testchain", "generate", "--validators", "7", "--headers", "12", "--out", dir + "/x", "--fork-at", "3",
            "--byzantine", "2", "--fork-out", dir + "/y",
        ])
        #expect(few.status == 2 && few.err.contains("needs more than 2 colluding"), "\(few.err)")
        #expect(try lc(["--chain", dir + "/honest/chain.cbor", "--evidence-out", dir + "/z"]).status == 64)
        #expect(try lc(["--chain", dir + "/honest/chain.cbor", "--l1-rpc", "http://127.0.0.1:1"]).status == 64)
    }
}
