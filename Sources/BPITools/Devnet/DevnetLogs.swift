import BPIToolKit
import Foundation

/// `bpi logs --dir D [--only I] [--lines N] [-f]`: the validators' logs (`D/vI/node.log`), each
/// line prefixed with its validator (`v2| …`); with `follow`, new lines as they are written until
/// interrupted.
public struct DevnetLogs: Sendable {
    /// The devnet folder.
    public var directory: String
    /// The validators whose logs are shown (nil: all).
    public var only: [Int]?
    /// Lines shown from the end of each log first.
    public var lines = 20
    /// Keep printing new lines.
    public var follow = false

    /// Logs of `directory`.
    public init(directory: String) { self.directory = directory }

    /// Writes the logs through `output` (whole lines, each ending in a newline); returns when done,
    /// or — following — once `interrupt` is set.
    public func run(interrupt: InterruptSignal?, output: (String) -> Void) async throws(ToolError) {
        let layout = DevnetLayout(directory: directory)
        let all = Array(try layout.configs().indices)
        let indices = only ?? all
        for i in indices where !all.contains(i) { throw .badInput("no validator \(i) in \(directory)") }
        guard lines >= 0 else { throw .badInput("--lines must be 0 or more") }
        var offsets: [Int: UInt64] = [:]
        for i in indices {
            let data = FileManager.default.contents(atPath: layout.logPath(i)) ?? Data()
            offsets[i] = UInt64(data.count)
            for line in Self.lastLines(of: data, count: lines) { output("v\(i)| \(line)\n") }
        }
        guard follow else { return }
        var partial: [Int: String] = [:]
        while interrupt?.isSet != true {
            for i in indices {
                guard let handle = FileHandle(forReadingAtPath: layout.logPath(i)) else { continue }
                defer { try? handle.close() }
                let size = (try? handle.seekToEnd()) ?? 0
                var offset = offsets[i] ?? 0
                if size < offset { offset = 0 }  // the log was truncated or replaced
                guard size > offset else { continue }
                try? handle.seek(toOffset: offset)
                let data = (try? handle.read(upToCount: Int(size - offset))) ?? Data()
                offsets[i] = offset + UInt64(data.count)
                var text = (partial[i] ?? "") + String(decoding: data, as: UTF8.self)
                if let last = text.lastIndex(of: "\n") {
                    for line in text[..<last].split(separator: "\n", omittingEmptySubsequences: false) {
                        output("v\(i)| \(line)\n")
                    }
                    text = String(text[text.index(after: last)...])
                }
                partial[i] = text
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        throw .interrupted("interrupted")
    }

    /// The last `count` non-empty lines of a log's contents (read from its last MiB at most).
    static func lastLines(of data: Data, count: Int) -> [Substring] {
        Array(String(decoding: data.suffix(1 << 20), as: UTF8.self).split(separator: "\n").suffix(count))
    }
}
