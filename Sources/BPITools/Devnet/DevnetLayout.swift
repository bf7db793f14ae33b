import BPINode
import BPIToolKit
import Foundation

/// The folder `bpi init` writes and `bpi up/status/down` read: `genesis.json` and one home per
/// validator, `v0`, `v1`, … each holding `config.toml`, `passphrase` (0600), `keys/validator.key`,
/// `data/blocks.sqlite`, `node.log` and, while it runs, `node.pid`.
public struct DevnetLayout: Sendable {
    /// The devnet folder.
    public let directory: URL

    /// The layout of `directory`.
    public init(directory: String) { self.directory = URL(fileURLWithPath: directory).standardizedFileURL }

    /// `genesis.json`.
    public var genesis: URL { directory.appendingPathComponent("genesis.json") }

    /// Validator `i`'s home.
    public func home(_ i: Int) -> URL { directory.appendingPathComponent("v\(i)") }

    /// Validator `i`'s config.
    public func configPath(_ i: Int) -> String { home(i).appendingPathComponent("config.toml").path }

    /// Validator `i`'s process id file.
    public func pidPath(_ i: Int) -> String { home(i).appendingPathComponent("node.pid").path }

    /// Validator `i`'s log.
    public func logPath(_ i: Int) -> String { home(i).appendingPathComponent("node.log").path }

    /// The validators' configs, in index order (all homes `v0`, `v1`, … that exist).
    public func configs() throws(ToolError) -> [NodeConfig] {
        guard FileManager.default.fileExists(atPath: genesis.path) else {
            throw .badInput("\(directory.path) is not a devnet folder (no genesis.json); run bpi init --dir \(directory.path)")
        }
        var out: [NodeConfig] = []
        while FileManager.default.fileExists(atPath: configPath(out.count)) {
            do {
                out.append(try NodeConfig(path: configPath(out.count)))
            } catch {
                throw .badInput("\(configPath(out.count)): \(error)")
            }
        }
        guard !out.isEmpty else { throw .badInput("\(directory.path) has no validator folders v0, v1, …") }
        return out
    }

    /// The process id recorded for validator `i`, if any.
    public func pid(_ i: Int) -> Int32? {
        guard let text = try? String(contentsOfFile: pidPath(i), encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// What identifies validator `i`'s process in its command line.
    public func marker(_ i: Int) -> String { home(i).path }

    /// Whether validator `i`'s process runs.
    public func isRunning(_ i: Int) -> Bool {
        guard let pid = pid(i) else { return false }
        return ProcessControl.isRunning(pid, marker: marker(i))
    }

    /// The API client of a validator.
    public func client(_ config: NodeConfig, timeout: TimeInterval = 2) -> RPCClient {
        RPCClient(base: URL(string: "http://\(config.api.host):\(config.api.port)")!, timeout: timeout)
    }
}
