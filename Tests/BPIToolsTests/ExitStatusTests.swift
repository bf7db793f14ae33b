import BPILightClientTool
import BPINode
import BPITestSupport
import BPITools
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// docs/CLI.md's exit-status table is the single truth: this test reads the table and drives a
/// command to every status it lists — a status added to the table without a way to reach it, or a
/// command that answers another status, fails here. Every failure also says `bpi: …` on standard
/// error and leaves standard output free of the error.
@Suite("Exit statuses (docs/CLI.md)", .serialized)
struct ExitStatusTests {
    /// The statuses of the table in docs/CLI.md (`10–24` as written).
    static func documentedStatuses() throws -> [String] {
        let text = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("docs/CLI.md"), encoding: .utf8)
        let table = text.components(separatedBy: "| status | meaning |")[1].components(separatedBy: "\n\n")[0]
        return table.split(separator: "\n").compactMap { line -> String? in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = cells.first, first.first?.isNumber == true else { return nil }
            return first
        }
    }

    func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bpi-exit-\(UUID().uuidString.prefix(8))").path
    }

    @Test("each status in docs/CLI.md's table is what the command that should answer it answers, with `bpi:` on standard error")
    func everyDocumentedStatus() async throws {
        let documented = try Self.documentedStatuses()
        #expect(documented == ["0", "1", "2", "10–24", "64", "130"], "the table changed: drive the new status here")
        var reached: [String: Int32] = [:]
        let dir = temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        // 0: a check that passes.
        reached["0"] = try BPIBinary.run(["hash", "blake3"], stdin: "hello").status
        // 1: a check that fails — a sealed box opened with another key.
        let key = String(repeating: "11", count: 32)
        let box = try BPIBinary.run(["aead", "seal", "--key-hex", key, "--hex"], stdin: "68656c6c6f").out
        let wrong = try BPIBinary.run(["aead", "open", "--key-hex", String(repeating: "22", count: 32), "--hex"], stdin: box)
        #expect(wrong.out.isEmpty && wrong.err.hasPrefix("bpi: "), "\(wrong.err)")
        reached["1"] = wrong.status
        // 2: malformed input — and a box too short to be one is malformed, not a failed check.
        let malformed = try BPIBinary.run(["cbor", "decode"], stdin: "zz")
        #expect(malformed.err.hasPrefix("bpi: "), "\(malformed.err)")
        reached["2"] = malformed.status
        #expect(
            try BPIBinary.run(["aead", "open", "--key-hex", key, "--hex"], stdin: String(repeating: "00", count: 20)).status == 2)
        // 10–24: bpi verify against a node serving a chain with a forged commit signature.
        reached["10–24"] = try await verifyForgedChain(in: dir)
        // 64: usage.
        let usage = try BPIBinary.run(["hash", "--no-such-option"])
        #expect(usage.err.hasPrefix("bpi: ") && usage.err.contains("--help"), "\(usage.err)")
        reached["64"] = usage.status
        // 130: interrupted — following the logs of a devnet folder.
        reached["130"] = try await interruptedLogs(in: dir + "/devnet")

        for status in documented {
            let got = try #require(reached[status], "no command drives status \(status)")
            if status == "10–24" {
                #expect((10...24).contains(got), "status \(status): got \(got)")
            } else {
                #expect("\(got)" == status, "status \(status): got \(got)")
            }
        }
    }

    /// `bpi verify` against a stand-in node (a Python HTTP server) serving a chain whose height-3
    /// commit signature is forged: the light client's bad-signature status.
    func verifyForgedChain(in dir: String) async throws -> Int32 {
        let (genesis, chain) = try TestChain.generate(.init(validators: 4, headers: 5, faults: [(.badSignature, 3)]))
        try LightClientTool.write(genesis: genesis, chain: chain, to: dir + "/node")
        let server = try StandInNode(serving: chain.entries, chainID: genesis.chainID, claimed: 5, in: dir + "/node")
        let port = try await server.port()
        let result = try BPIBinary.run([
            "verify", "--rpc", "http://127.0.0.1:\(port)", "--genesis", dir + "/node/genesis.json", "--timeout", "10",
        ])
        withExtendedLifetime(server) {}
        #expect(result.err.contains("bpi: the light client refused the chain"), "\(result.err)")
        #expect(result.out.contains("FAILED after verifying 2 headers"), "\(result.out)")
        return result.status
    }

    @Test(
        "bpi verify: a server answering HTML is a malformed answer (exit 1); one that never answers times out with --timeout (exit 2), in words"
    )
    func verifyAgainstBadServers() async throws {
        let dir = temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (genesis, chain) = try TestChain.generate(.init(validators: 4, headers: 2))
        try LightClientTool.write(genesis: genesis, chain: chain, to: dir)
        let html = try StandInNode(root: dir, mode: "html")
        let htmlPort = try await html.port()
        let malformed = try BPIBinary.run(["verify", "--rpc", "http://127.0.0.1:\(htmlPort)", "--genesis", dir + "/genesis.json"])
        withExtendedLifetime(html) {}
        #expect(malformed.status == 1, "\(malformed.err)")
        #expect(
            malformed.err.contains("did not answer the node API's JSON") && malformed.err.contains("<html>"), "\(malformed.err)")
        let silent = try StandInNode(root: dir, mode: "silent")
        let silentPort = try await silent.port()
        let started = Date()
        let timedOut = try BPIBinary.run([
            "verify", "--rpc", "http://127.0.0.1:\(silentPort)", "--genesis", dir + "/genesis.json", "--timeout", "1",
        ])
        withExtendedLifetime(silent) {}
        #expect(timedOut.status == 2, "\(timedOut.err)")
        #expect(timedOut.err.contains("did not answer within 1 s (raise it with --timeout)"), "\(timedOut.err)")
        #expect(!timedOut.err.contains("NSURLErrorDomain"), "\(timedOut.err)")
        #expect(Date().timeIntervalSince(started) < 20)
    }

    /// `bpi logs -f` on a devnet folder, then SIGINT.
    func interruptedLogs(in dir: String) async throws -> Int32 {
        #expect(try BPIBinary.run(["init", "--validators", "1", "--dir", dir, "--base-port", "0"]).status == 0)
        try "a line of v0's log\n".write(toFile: dir + "/v0/node.log", atomically: true, encoding: .utf8)
        let logs = try BackgroundProcess(BPIBinary.path, ["logs", "--dir", dir, "-f"])
        // Its handler is installed before it prints the tail: wait for the tail, then interrupt.
        let deadline = Date().addingTimeInterval(90)
        while !logs.out.contains("v0| a line of v0's log") && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(logs.out.contains("v0| a line of v0's log"), "\(logs.err)")
        logs.send(SIGINT)
        let status = try #require(try await logs.wait(seconds: 90))
        #expect(!logs.endedBySignal, "the command must catch SIGINT and exit 130 itself")
        #expect(logs.err.hasPrefix("bpi: interrupted"), "\(logs.err)")
        return status
    }
}
