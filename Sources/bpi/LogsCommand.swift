import ArgumentParser
import BPINode
import BPIToolKit
import BPITools
import Foundation

struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the devnet validators' logs, each line prefixed vI|; -f follows them until Ctrl-C.",
        discussion: """
            Logs are DIR/vI/node.log (swift-log lines on the node's standard error, appended across restarts). Under \
            systemd, run bpi node directly and read journalctl -u UNIT instead; logs are not rotated by the node — \
            use logrotate with copytruncate, which -f notices. Exit 0; 130 when following is interrupted; 2 for a \
            folder that is not a devnet or an unknown validator.
            """)
    @OptionGroup var devnet: DevnetDirectory
    @Option(help: "Only these validators (e.g. 0,2).") var only: String?
    @Option(help: "Lines from the end of each log to print first.") var lines = 20
    @Flag(name: [.short, .customLong("follow")], help: "Keep printing new lines until Ctrl-C.") var follow = false

    func run() async throws {
        try await runToolAsync {
            var logs = DevnetLogs(directory: devnet.dir)
            logs.only = try parseIndices(only)
            logs.lines = lines
            logs.follow = follow
            try await logs.run(interrupt: follow ? InterruptSignal() : nil) { FileHandle.standardOutput.write(Data($0.utf8)) }
        }
    }
}
