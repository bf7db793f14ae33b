import BPICodec
import BPICrypto
import BPINet
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi init`, `up`, `status` and `down`: a local devnet of validator processes on loopback.
public enum DevnetTool {
    /// Options of `bpi init`.
    public struct InitOptions: Sendable {
        public var validators: Int
        public var directory: String
        public var chainID = "bpi-devnet"
        /// First P2P port (validator i listens on base+i, its API on base+100+i); 0 picks free ports.
        public var basePort = 26_600
        public var blockTimeMilliseconds: UInt64 = 250
        public var dropRate = 0.0
        /// Standby validators: homes after the genesis set's, in every validator's roster
        /// (`standby_keys`) but not in the genesis set; a set change may add them (docs/SPEC.md §19).
        public var standby = 0
        /// Testing: fractions of inbound messages duplicated and reordered, and the largest delay.
        public var duplicateRate = 0.0
        public var reorderRate = 0.0
        public var maxDelayMilliseconds: UInt64 = 0
        /// Validator index → misbehaviour (one of `NodeConfig.byzantineModes`), for tests.
        public var byzantine: [Int: String] = [:]
        /// Testing: each validator serves `POST /v1/test/partition`.
        public var testControls = false
        /// Measurements: validators make inclusion lists (`inclusion_lists` of their configs).
        public var inclusionLists = true
        /// The chain's Proof-of-History parameters (written into genesis.json).
        public var poh = PoHParameters.standard
        /// Key-file KDF cost.
        public var kdf = Argon2id.interactive

        /// Options for `validators` validators in `directory`.
        public init(validators: Int, directory: String) {
            self.validators = validators
            self.directory = directory
        }

        /// Checks every option without touching the disk but to look: the folder must not hold a
        /// devnet already (nor be a file). A command calls this before it prints or writes anything.
        public func validate() throws(ToolError) {
            guard (1...64).contains(validators) else { throw .badInput("--validators must be 1…64; got \(validators)") }
            guard (0...64 - validators).contains(standby) else {
                throw .badInput("--standby must be 0…\(64 - validators) (at most 64 homes in all); got \(standby)")
            }
            if let problem = poh.problem { throw .badInput("--hashes-per-tick/--ticks-per-block: \(problem)") }
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
            guard (1...64).contains(chainID.count), chainID.allSatisfy(allowed.contains) else {
                throw .badInput("--chain-id must be 1…64 characters of A–Z, a–z, 0–9, '.', '_' or '-'; got '\(chainID)'")
            }
            guard (1...60_000).contains(blockTimeMilliseconds) else {
                throw .badInput("--block-time-ms must be 1…60000; got \(blockTimeMilliseconds)")
            }
            guard maxDelayMilliseconds <= 10_000 else {
                throw .badInput(
                    "--max-delay-ms must be at most 10000 (a delay longer than the round timeouts never finalizes); got \(maxDelayMilliseconds)"
                )
            }
            for (name, rate) in [("--drop-rate", dropRate), ("--duplicate-rate", duplicateRate), ("--reorder-rate", reorderRate)]
            {
                guard (0..<1).contains(rate) else { throw .badInput("\(name) must be in [0, 1); got \(rate)") }
            }
            for (i, kind) in byzantine {
                guard (0..<validators).contains(i), NodeConfig.byzantineModes.contains(kind) else {
                    throw .badInput(
                        "--byzantine \(i)=\(kind): the index must be a validator and the kind one of \(NodeConfig.byzantineModes.joined(separator: ", "))"
                    )
                }
            }
            if basePort != 0 {
                guard (1_024...65_000).contains(basePort) else {
                    throw .badInput("--base-port must be 1024…65000, or 0 for free ports")
                }
                guard basePort + 100 + validators + standby <= 65_535, validators + standby <= 100 else {
                    throw .badInput("--base-port \(basePort) leaves no room for \(validators) API ports (base + 100 + i)")
                }
            }
            let layout = DevnetLayout(directory: directory)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: layout.directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw .badInput("--dir \(layout.directory.path) is a file; pick a folder")
            }
            if FileManager.default.fileExists(atPath: layout.genesis.path) {
                throw .badInput("\(layout.directory.path) already holds a devnet (genesis.json); pick another --dir or remove it")
            }
        }
    }

    /// Writes genesis, encrypted keys, passphrases and configs; returns the genesis. On any
    /// failure — or once `interrupt` is set (checked between validators) — what it created is
    /// removed: the folder if it made it, else the validator folders it wrote.
    @discardableResult
    public static func initialize(
        _ o: InitOptions, interrupt: InterruptSignal? = nil, progress: (String) -> Void = { _ in }
    ) throws(ToolError) -> Genesis {
        try o.validate()
        let layout = DevnetLayout(directory: o.directory)
        let folderExisted = FileManager.default.fileExists(atPath: layout.directory.path)
        var created: [URL] = []
        var finished = false
        defer {
            if !finished {
                for url in folderExisted ? created : [layout.directory] { try? FileManager.default.removeItem(at: url) }
            }
        }
        let homes = o.validators + o.standby
        let ports: [Int]
        if o.basePort == 0 {
            ports = try ProcessControl.freePorts(2 * homes)
        } else {
            ports = (0..<homes).map { o.basePort + $0 } + (0..<homes).map { o.basePort + 100 + $0 }
        }
        let peers = (0..<homes).map { PeerAddress(host: "127.0.0.1", port: ports[$0]) }
        var infos: [ValidatorInfo] = []
        for i in 0..<homes {
            if interrupt?.isSet == true {
                throw .interrupted("interrupted; what init had written in \(layout.directory.path) was removed")
            }
            let home = layout.home(i)
            if !FileManager.default.fileExists(atPath: home.path) { created.append(home) }
            do {
                try FileManager.default.createDirectory(
                    at: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                let passphrase = Array(Hex.encode(SecretBytes.random(count: 24).bytes).utf8)
                try Keystore.writeSecretFile(passphrase + [0x0A], path: home.appendingPathComponent("passphrase").path)
                let file = try Keystore(home: home).generate(name: ValidatorKeys.keyName, passphrase: passphrase, kdf: o.kdf)
                let keys = ValidatorKeys(identity: try file.unlock(passphrase: passphrase))
                let info = keys.info(metadata: "validator-\(i)")
                infos.append(info)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(info.jsonForm).write(to: home.appendingPathComponent("validator.json"))
            } catch let error as ToolError {
                throw error
            } catch {
                throw .io("cannot write validator \(i) in \(home.path): \(error)")
            }
            progress("validator \(i)\(i >= o.validators ? " (standby)" : ""): keys in \(home.path)")
        }
        for i in 0..<homes {
            let home = layout.home(i)
            do {
                var config = NodeConfig(index: i, peers: peers, api: PeerAddress(host: "127.0.0.1", port: ports[homes + i]))
                config.standbyKeys = infos[o.validators...].map(\.identityKey)
                config.blockTimeMilliseconds = o.blockTimeMilliseconds
                config.dropRate = o.dropRate
                config.duplicateRate = o.duplicateRate
                config.reorderRate = o.reorderRate
                config.maxDelayMilliseconds = o.maxDelayMilliseconds
                config.byzantine = o.byzantine[i] ?? ""
                config.testControls = o.testControls
                config.inclusionLists = o.inclusionLists
                try Data(config.toml.utf8).write(to: home.appendingPathComponent("config.toml"))
            } catch {
                throw .io("cannot write validator \(i)'s config in \(home.path): \(error)")
            }
        }
        let genesis: Genesis
        do {
            genesis = Genesis(
                chainID: o.chainID, genesisTime: UInt64(Date().timeIntervalSince1970 * 1000),
                validatorSet: try ValidatorSet(Array(infos.prefix(o.validators))), poh: o.poh)
            try genesis.json().write(to: layout.genesis, options: .atomic)
        } catch {
            throw .io("cannot write \(layout.genesis.path): \(error)")
        }
        finished = true
        return genesis
    }

    /// Starts validators (all, or `only`) as separate processes of `executable` (`bpi node`).
    /// Returns the indices started; already running ones are left alone.
    @discardableResult
    public static func up(directory: String, only: [Int]? = nil, executable: String = ProcessControl.currentExecutable)
        throws(ToolError) -> [Int]
    {
        let layout = DevnetLayout(directory: directory)
        let configs = try layout.configs()
        var started: [Int] = []
        for i in only ?? Array(configs.indices) {
            guard configs.indices.contains(i) else { throw .badInput("no validator \(i) in \(directory)") }
            if layout.isRunning(i) { continue }
            let pid = try ProcessControl.spawnDetached(
                executable: executable, arguments: ["node", "--home", layout.home(i).path], logPath: layout.logPath(i))
            do {
                try? FileManager.default.removeItem(atPath: layout.pidPath(i))
                try "\(pid)\n".write(toFile: layout.pidPath(i), atomically: true, encoding: .utf8)
            } catch {
                throw .io("cannot write \(layout.pidPath(i)): \(error)")
            }
            started.append(i)
        }
        return started
    }

    /// Stops validators (all, or `only`): SIGTERM (SIGKILL with `kill`), waiting for each to end.
    @discardableResult
    public static func down(directory: String, only: [Int]? = nil, kill: Bool = false) throws(ToolError) -> [Int] {
        let layout = DevnetLayout(directory: directory)
        let configs = try layout.configs()
        var stopped: [Int] = []
        for i in only ?? Array(configs.indices) {
            guard let pid = layout.pid(i) else { continue }
            if layout.isRunning(i) {
                ProcessControl.stop(pid, marker: layout.marker(i), signal: kill ? SIGKILL : SIGTERM)
                stopped.append(i)
            }
            try? FileManager.default.removeItem(atPath: layout.pidPath(i))
        }
        return stopped
    }

    /// One validator's row in `bpi status`.
    public struct Row: Sendable, Codable {
        public var index: Int
        public var up: Bool
        public var api: String
        /// The finalized height (0 when down), for scripts.
        public var height: UInt64
        public var status: NodeStatus?
        public var error: String?

        init(index: Int, api: String, status: NodeStatus?, error: String?) {
            self.index = index
            up = status != nil
            self.api = api
            height = status?.height ?? 0
            self.status = status
            self.error = error
        }
    }

    /// Every validator's status, asked over its API.
    public static func status(directory: String) async throws(ToolError) -> [Row] {
        let layout = DevnetLayout(directory: directory)
        let configs = try layout.configs()
        var rows: [Row] = []
        for (i, config) in configs.enumerated() {
            let api = "http://\(config.api.text)"
            do {
                let s = try await layout.client(config).getJSON("/v1/status", as: NodeStatus.self)
                rows.append(Row(index: i, api: api, status: s, error: nil))
            } catch {
                rows.append(Row(index: i, api: api, status: nil, error: error.description))
            }
        }
        return rows
    }

    /// The `bpi status` table.
    public static func table(_ rows: [Row]) -> String {
        var lines = [
            "validator  state  height  round  peers  last finality  p50/p95 finality  round changes  evidence  mempool  api"
        ]
        for r in rows {
            guard let s = r.status else {
                lines.append(
                    "v\(r.index)".padding(toLength: 11, withPad: " ", startingAt: 0) + "down   " + r.api + "  " + (r.error ?? ""))
                continue
            }
            func ms(_ v: Double?) -> String { v.map { String(format: "%.0f ms", $0) } ?? "-" }
            lines.append(
                "v\(r.index)".padding(toLength: 11, withPad: " ", startingAt: 0) + "up     "
                    + "\(s.height)".padding(toLength: 8, withPad: " ", startingAt: 0)
                    + "\(s.round)".padding(toLength: 7, withPad: " ", startingAt: 0)
                    + "\(s.peers)/\(s.validators - 1)".padding(toLength: 7, withPad: " ", startingAt: 0)
                    + ms(s.lastFinalityMs).padding(toLength: 15, withPad: " ", startingAt: 0)
                    + "\(ms(s.finalityP50Ms))/\(ms(s.finalityP95Ms))".padding(toLength: 18, withPad: " ", startingAt: 0)
                    + "\(s.roundChanges)".padding(toLength: 15, withPad: " ", startingAt: 0)
                    + "\(s.evidence)".padding(toLength: 10, withPad: " ", startingAt: 0)
                    + "\(s.mempool)".padding(toLength: 9, withPad: " ", startingAt: 0) + r.api)
        }
        return lines.joined(separator: "\n")
    }

    /// One line summarizing the devnet (the live view of `bpi up`).
    public static func progressLine(_ rows: [Row]) -> String {
        let live = rows.compactMap(\.status)
        guard !live.isEmpty else { return "0/\(rows.count) validators up" }
        let heights = live.map(\.height)
        let p50 = live.compactMap(\.finalityP50Ms).sorted()
        let last = live.compactMap(\.lastFinalityMs).sorted()
        var line = "height \(heights.max()!)"
        if heights.min()! != heights.max()! { line += " (min \(heights.min()!))" }
        if let l = last.last { line += String(format: " | finality last %.0f ms", l) }
        if !p50.isEmpty { line += String(format: ", p50 %.0f ms", p50[p50.count / 2]) }
        line += " | round changes \(live.map(\.roundChanges).reduce(0, +))"
        line += " | \(live.count)/\(rows.count) up"
        return line
    }
}
