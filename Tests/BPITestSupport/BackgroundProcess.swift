import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child process left running while a test acts on it — interrupts it, watches its output —
/// with standard output and error in files (no pipe can fill up) and standard input empty.
public final class BackgroundProcess: @unchecked Sendable {
    private let process = Process()
    private let directory: URL

    /// Starts `executable` with `arguments`.
    public init(_ executable: String, _ arguments: [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-bg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: directory.appendingPathComponent("out").path, contents: nil)
        FileManager.default.createFile(atPath: directory.appendingPathComponent("err").path, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        process.standardOutput = try FileHandle(forWritingTo: directory.appendingPathComponent("out"))
        process.standardError = try FileHandle(forWritingTo: directory.appendingPathComponent("err"))
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// What it wrote to standard output so far.
    public var out: String { (try? String(contentsOf: directory.appendingPathComponent("out"), encoding: .utf8)) ?? "" }
    /// What it wrote to standard error so far.
    public var err: String { (try? String(contentsOf: directory.appendingPathComponent("err"), encoding: .utf8)) ?? "" }

    /// Whether it ended because of a signal it did not handle (rather than by exiting).
    public var endedBySignal: Bool {
        if let ended = exitedChild() { return ended.bySignal }
        return !process.isRunning && process.terminationReason == .uncaughtSignal
    }

    /// The child's end as the kernel reports it, if it has ended: `waitid` with `WNOWAIT` reads
    /// the status without reaping the child, so Foundation still reaps it. Foundation learns of
    /// the end from SIGCHLD and can lag far behind on a loaded machine (a CI run once waited 90 s
    /// on `isRunning` for a process that had exited); this does not depend on it.
    private func exitedChild() -> (status: Int32, bySignal: Bool)? {
        #if canImport(Glibc)
            var info = siginfo_t()
            guard waitid(P_PID, id_t(process.processIdentifier), &info, WEXITED | WNOHANG | WNOWAIT) == 0,
                info.si_signo == SIGCHLD
            else { return nil }
            let status = info._sifields._sigchld.si_status
            switch Int(info.si_code) {
            case Int(CLD_EXITED): return (status, false)
            case Int(CLD_KILLED), Int(CLD_DUMPED): return (128 + status, true)
            default: return nil
            }
        #else
            return nil
        #endif
    }

    /// Sends `signal` (SIGINT: what Ctrl-C sends).
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits up to `seconds` for it to end; its exit status, or nil if it still runs. A process
    /// ended by a signal it did not handle reports 128 + the signal, as a shell does.
    public func wait(seconds: Double) async throws -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let ended = exitedChild() { return ended.status }
            if !process.isRunning {
                return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
            }
            if Date() >= deadline { return nil }  // (checked after the last look)
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Polls until standard error contains `text`, up to `seconds`; whether it did.
    public func waitForError(containing text: String, seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if err.contains(text) { return true }
            if !process.isRunning { return err.contains(text) }
            try await Task.sleep(for: .milliseconds(100))
        }
        return err.contains(text)
    }

    /// The pids of processes whose command line contains `marker` (e.g. a devnet folder).
    public static func processes(containing marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty,
                let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"), stat.index(close, offsetBy: 2) < stat.endIndex,
                stat[stat.index(close, offsetBy: 2)] != "Z"
            else { return false }
            return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(marker)
        }
    }

    /// Polls standard output for the `listening on HOST:PORT` line a server prints when ready, up
    /// to `seconds`; its base URL (`http://HOST:PORT`), or nil.
    public func listeningURL(seconds: Double) async throws -> String? {
        // The output is looked at before the clock: on a loaded machine this task may not run for a
        // long while (tests saturating the cooperative pool), and a server that is up by then counts.
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let line = out.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                return "http://" + line.dropFirst("listening on ".count)
            }
            if !process.isRunning || Date() >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
