import BPITestSupport
import BPITypes
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A stand-in for a node's API, in Python's http.server: `files` serves ROOT/status.json for
/// /v1/status and ROOT/chain.cbor for anything else; `html` answers an HTML page; `silent` accepts
/// connections and never answers. It serves the whole chain whatever `from`/`to` ask (a page shorter
/// than a full one ends a client's paging). A separate process: it answers even while the test
/// process's threads are all busy.
final class StandInNode {
    private let process: BackgroundProcess

    /// A node serving `entries` as its chain and claiming height `claimed`, from files in `directory`.
    convenience init(serving entries: [ChainEntry], chainID: String, claimed: UInt64, in directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let status = """
            {"chainID": "\(chainID)", "index": 0, "height": \(claimed), "latestHash": "", "round": 0, "peers": 3,
             "validators": 4, "mempool": 0, "roundChanges": 0, "evidence": 0, "finalizedPayloadBytes": 0, "version": "test"}
            """
        try Data(status.utf8).write(to: URL(fileURLWithPath: directory + "/status.json"))
        try Data(ChainFile(entries: entries).canonicalBytes()).write(to: URL(fileURLWithPath: directory + "/chain.cbor"))
        try self.init(root: directory, mode: "files")
    }

    init(root: String, mode: String) throws {
        let script = """
            import http.server, sys, os, time
            root, mode = sys.argv[1], sys.argv[2]
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    if mode == "silent":
                        time.sleep(3600)
                    if mode == "html":
                        body = b"<html><body>It works</body></html>"
                    else:
                        name = "status.json" if self.path.startswith("/v1/status") else "chain.cbor"
                        body = open(os.path.join(root, name), "rb").read()
                    self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *a): pass
            s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
            print(s.server_address[1], flush=True)
            s.serve_forever()
            """
        process = try BackgroundProcess(Oracle.python, ["-c", script, root, mode])
    }

    deinit { process.send(SIGKILL) }

    /// The port it listens on, once it printed it.
    func port() async throws -> Int {
        // Generous, and checked once more after the deadline: a test task can wait long for a
        // thread while CPU-bound suites hold the cooperative pool.
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            if let port = Int(process.out.trimmingCharacters(in: .whitespacesAndNewlines)) { return port }
            try await Task.sleep(for: .milliseconds(50))
        }
        if let port = Int(process.out.trimmingCharacters(in: .whitespacesAndNewlines)) { return port }
        throw SSEProbe.Failure(description: "the stand-in node did not start: \(process.err)")
    }
}
