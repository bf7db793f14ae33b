import BPIToolKit
import Foundation

/// `bpi up`'s watch over the validators it started: a live progress line (or JSON lines) until
/// Ctrl-C, then the validators are stopped; or, detached, until every watched validator answers
/// (and reached a height), leaving them running.
public struct DevnetWatch: Sendable {
    /// How the watch ended.
    public enum Outcome: Sendable, Equatable {
        /// Detached: the validators are up (and at the height asked for).
        case ready
        /// Interrupted: these validators were stopped.
        case stopped([Int])
    }

    /// The devnet folder.
    public var directory: String
    /// The validators watched (nil: all).
    public var only: [Int]?
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
        while !interrupt.isSet {
            let rows = try await DevnetTool.status(directory: directory)
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
        return .stopped(try DevnetTool.down(directory: directory))
    }
}
