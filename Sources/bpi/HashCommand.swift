import ArgumentParser
import BPIHash
import BPITools
import Foundation

extension HashAlgorithm: ExpressibleByArgument {}

struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash", abstract: "Print the BLAKE3-256 or SHA-256 digest of a file or stdin, optionally as H(tag ‖ bytes).")

    @OptionGroup var home: HomeOption
    @Argument(help: "blake3 or sha256.") var algorithm: HashAlgorithm
    @Argument(help: "File to hash; standard input when omitted.") var file: String?
    @Option(help: "Domain tag byte from docs/SPEC.md, e.g. 0x12: hashes tag ‖ bytes.") var tag: String?
    @Flag(help: "Print {\"algorithm\",\"tag\",\"digest\"} as JSON.") var json = false

    func run() throws {
        try runTool {
            let tag = try tag.map(HashTool.parseTag)
            let digest = try HashTool.digest(algorithm, tag: tag, path: file)
            if json {
                let tagField = tag.map { "\"\($0)\"" } ?? "null"
                print("{\"algorithm\":\"\(algorithm.rawValue)\",\"tag\":\(tagField),\"digest\":\"\(digest.hex)\"}")
            } else {
                print(digest.hex)
            }
        }
    }
}
