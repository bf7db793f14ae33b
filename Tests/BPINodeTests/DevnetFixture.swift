import BPINode
import BPITestSupport
import BPITools
import BPITypes
import Foundation
import Testing

/// A devnet of real `bpi node` processes on loopback for one test: created in a temporary folder,
/// stopped and removed by `shutdown()`. Every wait has a deadline; nothing sleeps to make timing pass.
struct DevnetFixture {
    let directory: String
    let count: Int

    /// Initializes `validators` validators (free ports), lets `adjust` change each one's
    /// configuration (and write files into its home), and starts them.
    init(
        validators: Int, dropRate: Double = 0, disorder: Bool = false, byzantine: [Int: String] = [:],
        adjust: ((Int, inout NodeConfig, URL) throws -> Void)? = nil
    ) throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("bpi-devnet-test-\(UUID().uuidString.prefix(8))").path
        count = validators
        var o = DevnetTool.InitOptions(validators: validators, directory: directory)
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
                Issue.record("validators \(which) did not reach height \(height) within \(seconds) s: heights \(h)")
                throw DevnetTestError.timeout
            }
            try await Task.sleep(for: .milliseconds(200))
        }
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
