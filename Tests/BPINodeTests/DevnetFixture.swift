import BPINode
import BPITestSupport
import BPITools
import BPITypes
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A devnet of real `bpi node` processes on loopback for one test: created in a temporary folder,
/// stopped and removed by `shutdown()`. Every wait has a deadline; nothing sleeps to make timing pass.
struct DevnetFixture {
    let directory: String
    let count: Int

    /// Initializes `validators` validators and `standby` standby ones after them (free ports),
    /// lets `adjust` change each one's configuration (and write files into its home), and starts them all.
    init(
        validators: Int, standby: Int = 0, dropRate: Double = 0, disorder: Bool = false, byzantine: [Int: String] = [:],
        adjust: ((Int, inout NodeConfig, URL) throws -> Void)? = nil
    ) throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("bpi-devnet-test-\(UUID().uuidString.prefix(8))").path
        count = validators + standby
        var o = DevnetTool.InitOptions(validators: validators, directory: directory)
        o.standby = standby
        o.basePort = 0
        o.dropRate = dropRate
        if disorder {
            o.duplicateRate = 0.05
            o.reorderRate = 0.05
            o.maxDelayMilliseconds = 20
        }
        o.byzantine = byzantine
        o.testControls = true
        try DevnetTool.initialize(o)
        if let adjust {
            let layout = DevnetLayout(directory: directory)
            for (i, var config) in try layout.configs().enumerated() {
                try adjust(i, &config, layout.home(i))
                try Data(config.toml.utf8).write(to: URL(fileURLWithPath: layout.configPath(i)))
            }
        }
        try start()
    }

    /// Starts validators (all, or `only`).
    func start(_ only: [Int]? = nil) throws { try DevnetTool.up(directory: directory, only: only, executable: BPIBinary.path) }

    /// Kills validators with SIGKILL, as a crash would.
    func kill(_ only: [Int]) throws { try DevnetTool.down(directory: directory, only: only, kill: true) }

    /// Splits the network into `groups` (validator indices): nothing passes between groups.
    /// `partition([Array(0..<count)])` heals it.
    func partition(_ groups: [[Int]]) async throws {
        for group in groups {
            let others = (0..<count).filter { !group.contains($0) }
            for i in group {
                _ = try await client(i).post("/v1/test/partition", body: Data("{\"blocked\":\(others)}".utf8))
            }
        }
    }

    /// Each validator's finalized height (nil when it does not answer).
    func heights() async -> [UInt64?] {
        let rows = (try? await DevnetTool.status(directory: directory)) ?? []
        return rows.map { $0.status?.height }
    }

    /// Waits until every validator in `which` reports at least `height`.
    func waitUntil(_ which: [Int], reach height: UInt64, within seconds: Double = 60) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let h = await heights()
            if which.allSatisfy({ $0 < h.count && (h[$0] ?? 0) >= height }) { return }
            guard Date() < deadline else {
                let errors = ((try? await DevnetTool.status(directory: directory)) ?? []).compactMap { r in
                    r.error.map { "v\(r.index): \($0)" }
                }
                Issue.record(
                    "validators \(which) did not reach height \(height) within \(seconds) s: heights \(h)\n\(errors.joined(separator: "\n"))\n\(diagnose(h))"
                )
                throw DevnetTestError.timeout
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// For a failed wait: each validator that did not answer, whether its process is alive, and the
    /// end of its log.
    func diagnose(_ heights: [UInt64?]) -> String {
        var out: [String] = []
        for (i, h) in heights.enumerated() where h == nil {
            let home = URL(fileURLWithPath: directory).appendingPathComponent("v\(i)")
            let pid = (try? String(contentsOf: home.appendingPathComponent("node.pid"), encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let alive = pid.flatMap { Int32($0) }.map { Glibc.kill($0, 0) == 0 } ?? false
            let log = (try? String(contentsOf: home.appendingPathComponent("node.log"), encoding: .utf8)) ?? "(no log)"
            let config = (try? String(contentsOf: home.appendingPathComponent("config.toml"), encoding: .utf8)) ?? ""
            let addresses = config.split(separator: "\n").filter { $0.hasPrefix("api =") || $0.hasPrefix("peers =") }
            let port =
                config.split(separator: "\n").first { $0.hasPrefix("api =") }.flatMap { $0.split(separator: ":").last }
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) } ?? ""
            let listeners = (try? Subprocess.run("/usr/bin/ss", ["-ltnp", "sport = :\(port)"]))?.out ?? "(ss failed)"
            let curl = (try? Subprocess.run("/usr/bin/curl", ["-sS", "-m", "3", "-i", "http://127.0.0.1:\(port)/v1/status"]))
            let lines = log.split(separator: "\n")
            out.append(
                "validator \(i): pid \(pid ?? "none"), \(alive ? "alive" : "not running"); \(addresses.joined(separator: "; "))\n"
                    + "listening on the API port:\n\(listeners)\ncurl: \(curl?.out.prefix(300) ?? "") \(curl?.err.prefix(300) ?? "")\n"
                    + lines.prefix(15).joined(separator: "\n") + "\n…\n"
                    + lines.filter { $0.contains("error") || $0.contains("warning") || $0.contains("critical") }.prefix(20)
                    .joined(separator: "\n"))
        }
        return out.joined(separator: "\n")
    }

    /// Safety: no two of the validators `alive` (all by default) hold different headers at one
    /// height. Fails if one of them does not answer or they share no height. Returns the common height.
    @discardableResult
    func assertSafety(_ alive: [Int]? = nil) async throws -> UInt64 {
        let safety = try await DevnetTool.checkSafety(directory: directory, expected: alive ?? Array(0..<count))
        #expect(safety.nodes == (alive ?? Array(0..<count)).count)
        #expect(safety.conflicts.isEmpty, "conflicting finalized headers at heights \(safety.conflicts)")
        return safety.commonHeight
    }

    /// The API client of validator `i`.
    func client(_ i: Int) throws -> RPCClient {
        let layout = DevnetLayout(directory: directory)
        return layout.client(try layout.configs()[i], timeout: 10)
    }

    /// The genesis.
    func genesis() throws -> Genesis { try VerifyTool.loadGenesis(DevnetLayout(directory: directory).genesis.path) }

    /// Stops every validator and removes the folder.
    func shutdown() {
        _ = try? DevnetTool.down(directory: directory)
        try? FileManager.default.removeItem(atPath: directory)
    }
}

enum DevnetTestError: Error { case timeout }
