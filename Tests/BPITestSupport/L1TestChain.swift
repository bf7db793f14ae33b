import Foundation

/// An EVM L1 of our own for one test (`Tests/L1/evm_stub.py`: py-evm through eth-tester, run from
/// `.build/l1-venv`, which `scripts/setup` makes), on a free loopback port; stopped when released.
/// Blocks come only from `test_mine` unless `blockTime` is given, so a test decides when the L1 moves.
/// Suites that start chains are serialized: each chain imports py-evm (seconds of CPU), and a dozen
/// starting at once on 2 cores beside the rest of the suite took over 30 s.
public final class L1TestChain: @unchecked Sendable {
    public let process: BackgroundProcess
    /// `http://127.0.0.1:PORT`.
    public let url: String
    public let chainID: UInt64

    /// The stub's Python (`$BPI_L1_PYTHON` overrides).
    public static var python: String {
        ProcessInfo.processInfo.environment["BPI_L1_PYTHON"]
            ?? TestPaths.packageRoot.appendingPathComponent(".build/l1-venv/bin/python3").path
    }

    /// One stub starts at a time in the whole test process: suites of several test targets start
    /// chains, and each start is seconds of py-evm imports; three at once beside a build timed out.
    static let starting = StartGate()

    /// Starts a chain and waits (up to 120 s: py-evm imports slowly on a loaded machine) until it listens.
    public init(chainID: UInt64, blockTime: Double = 0) async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            throw Oracle.Failure(description: "no L1 venv at \(Self.python); run scripts/setup first")
        }
        let script = TestPaths.packageRoot.appendingPathComponent("Tests/L1/evm_stub.py").path
        await Self.starting.enter()
        let process: BackgroundProcess
        let listening: String?
        do {
            let arguments = [script, "--chain-id", String(chainID), "--block-time", String(blockTime)]
            process = try BackgroundProcess(Self.python, arguments)
            listening = try await process.listeningURL(seconds: 120)
        } catch {
            await Self.starting.leave()
            throw error
        }
        await Self.starting.leave()
        guard let url = listening else { throw Oracle.Failure(description: "the L1 stub did not start: \(process.err)") }
        self.process = process
        self.url = url
        self.chainID = chainID
    }
}
