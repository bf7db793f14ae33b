import BPIToolKit
import Foundation

/// `bpi up`'s watch over the validators it started: a live progress line (or JSON lines) until
/// Ctrl-C, then the validators this invocation started — and only those — are stopped; or,
/// detached, until every watched validator answers (and reached a height), leaving them running.
/// A validator this invocation started that exits before it ever answered ends the watch at once
/// with the last lines of its log, after the others it started are stopped.
public struct DevnetWatch: Sendable {
    /// How the watch ended.
    public enum Outcome: Sendable, Equatable {
        /// Detached: the validators are up (and at the height asked for).
        case ready
        /// Interrupted: these validators (the ones this invocation started) were stopped.
        case interrupted(stopped: [Int])
    }

    /// The devnet folder.
    public var directory: String
    /// The validators watched (nil: all).
    public var only: [Int]?
    /// The validators this invocation started: the only ones it stops.
    public var started: [Int] = []
    /// Lines of a failed validator's log quoted in the error.
    public static let logTailLines = 12
    /// Return once up instead of watching until interrupted.
    public var detach = false
    /// With `detach`: also wait for this height.
    public var waitHeight: UInt64?
    /// With `detach`: give up after this many seconds.
    public var timeout = 120.0
    /// One status array per second as JSON instead of the progress line.
    public var json = false
    /// Whether standard output is a terminal (the line is then rewritten in place).
    public var terminal = false

    /// A watch over `directory`.
    public init(directory: String) { self.directory = directory }

    /// Polls the validators every 250 ms and writes progress through `output` (text without a
    /// trailing newline; `\r`-prefixed when rewriting a terminal line) until the watch ends.
    public func run(interrupt: InterruptSignal, output: (String) -> Void) async throws(ToolError) -> Outcome {
        let deadline = Date().addingTimeInterval(timeout)
        let all = Array(try DevnetLayout(directory: directory).configs().indices)
        let watched = Set(only ?? all)
        var last = Date.distantPast
        var answered = Set<Int>()
        let layout = DevnetLayout(directory: directory)
        while !interrupt.isSet {
            let rows = try await DevnetTool.status(directory: directory)
            for row in rows where row.up { answered.insert(row.index) }
            if let dead = started.first(where: { !answered.contains($0) && !layout.isRunning($0) }) {
                let stopped = try DevnetTool.down(directory: directory, only: started)
                throw .verificationFailed(
                    "validator \(dead) exited before it answered"
                        + (stopped.isEmpty ? "" : "; stopped the validators this run started, \(stopped)")
                        + ". The end of \(layout.logPath(dead)):\n" + Self.tail(of: layout.logPath(dead)))
            }
            let mine = rows.filter { watched.contains($0.index) }
            if json {
                if Date().timeIntervalSince(last) >= 1 {
                    output(String(decoding: ToolJSON.encode(rows) ?? Data(), as: UTF8.self) + "\n")
                    last = Date()
                }
            } else if terminal {
                output("\r\u{1B}[2K" + DevnetTool.progressLine(rows))
            } else if Date().timeIntervalSince(last) >= 2 {
                output(DevnetTool.progressLine(rows) + "\n")
                last = Date()
            }
            if detach && mine.allSatisfy({ $0.up && $0.height >= (waitHeight ?? 0) }) {
                if !json { output((terminal ? "\n" : "") + DevnetTool.progressLine(rows) + "\n") }
                return .ready
            }
            if detach && Date() > deadline {
                throw .verificationFailed("timed out after \(Int(timeout)) s waiting for the validators")
            }
            do {
                try await Task.sleep(for: .milliseconds(250))
            } catch {
                break
            }
        }
        if terminal { output("\n") }
        return .interrupted(stopped: try DevnetTool.down(directory: directory, only: started))
    }

    /// The last `logTailLines` lines of the file at `path` (a note when it cannot be read).
    static func tail(of path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "(no log at \(path))" }
        return DevnetLogs.lastLines(of: data, count: logTailLines).map { "  " + $0 }.joined(separator: "\n")
    }
}
