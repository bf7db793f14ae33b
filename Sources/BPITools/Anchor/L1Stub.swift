import BPIToolKit
import Foundation

/// A test L1 of `Tests/L1` (py-evm behind `evm_stub.py`, from `.build/l1-venv`, which `scripts/setup`
/// makes) as a child process on a free loopback port, stopped when released: what `bpi demo
/// --anchors` and `bpi bench --only anchors` anchor to. Found from the current folder or the `bpi`
/// binary's own `.build/<config>/` folder.
public final class L1Stub: @unchecked Sendable {
    let process = Process()
    /// `http://127.0.0.1:PORT`.
    public let url: String
    let log: URL

    /// Starts a chain with id `chainID` and a block every `blockTime` seconds; waits (30 s) until it listens.
    public init(chainID: UInt64, blockTime: Double) throws(ToolError) {
        // The repository: the current folder, or the one holding the running binary's `.build/`
        // (`.build/release/bpi` resolves to `.build/<triple>/release/bpi`).
        var roots = [FileManager.default.currentDirectoryPath]
        var folder = URL(fileURLWithPath: ProcessControl.currentExecutable).deletingLastPathComponent()
        for _ in 0..<4 {
            folder = folder.deletingLastPathComponent()
            roots.append(folder.path)
        }
        guard
            let root = roots.first(where: {
                FileManager.default.isExecutableFile(atPath: $0 + "/.build/l1-venv/bin/python3")
                    && FileManager.default.fileExists(atPath: $0 + "/Tests/L1/evm_stub.py")
            })
        else {
            throw .io("no .build/l1-venv or Tests/L1/evm_stub.py: run scripts/setup, and bpi from the repository's root")
        }
        let python = root + "/.build/l1-venv/bin/python3"
        let script = root + "/Tests/L1/evm_stub.py"
        log = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-l1-\(chainID)-\(getpid()).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--chain-id", String(chainID), "--block-time", String(blockTime)]
        do {
            process.standardOutput = try FileHandle(forWritingTo: log)
            process.standardError = FileHandle.nullDevice
            try process.run()
        } catch {
            throw .io("cannot start the L1 stub: \(error)")
        }
        let deadline = Date().addingTimeInterval(30)
        var found: String?
        while found == nil && Date() < deadline && process.isRunning {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            found = text.split(separator: "\n").first { $0.hasPrefix("listening on ") }.map {
                "http://" + $0.dropFirst("listening on ".count)
            }
            if found == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        guard let found else { throw .io("the L1 stub (chain \(chainID)) did not start") }
        url = found
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: log)
    }
}
