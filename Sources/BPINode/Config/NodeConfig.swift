import BPICodec
import BPIHash
import BPINet
import BPITypes
import Foundation
import NIOCore

/// One validator's `config.toml` (docs/CLI.md): where it listens, who its peers are, its pacing,
/// and — for tests — the faults it injects or the misbehaviour it plays.
public struct NodeConfig: Sendable, Equatable {
    /// The validator's index in the genesis set.
    public var index: Int
    /// The genesis file (relative paths are relative to the config's folder).
    public var genesis: String = "../genesis.json"
    /// The P2P address of every validator, in set order (this one's is where it listens).
    public var peers: [PeerAddress]
    /// Where the HTTP API listens.
    public var api: PeerAddress
    /// Target time between headers.
    public var blockTimeMilliseconds: UInt64 = 250
    /// First round-change timeout; each later round adds `timeoutIncrementMilliseconds`.
    public var baseTimeoutMilliseconds: UInt64 = 1_000
    /// Growth of the round-change timeout per round (linear, capped at 10 s).
    public var timeoutIncrementMilliseconds: UInt64 = 500
    /// Fraction of inbound messages dropped (tests of an unreliable network).
    public var dropRate: Double = 0
    /// Fraction of inbound messages delivered twice (tests).
    public var duplicateRate: Double = 0
    /// Fraction of inbound messages held back and delivered after the next one (tests).
    public var reorderRate: Double = 0
    /// Each inbound message is delayed by up to this many milliseconds (tests; 0: no delay).
    public var maxDelayMilliseconds: UInt64 = 0

    /// The fault profile these settings ask for, if any (seeded by the validator's index).
    public var faultProfile: FaultProfile? {
        guard dropRate > 0 || duplicateRate > 0 || reorderRate > 0 || maxDelayMilliseconds > 0 else { return nil }
        return FaultProfile(
            dropRate: dropRate, duplicateRate: duplicateRate, reorderRate: reorderRate,
            maxDelay: .milliseconds(Int64(maxDelayMilliseconds)), seed: UInt64(index) + 1)
    }
    /// A misbehaviour to play (tests only): `""` or one of `byzantineModes`.
    public var byzantine: String = ""
    /// The misbehaviours a devnet validator can play (tests only): consensus equivocation,
    /// malformed and replayed messages, withheld or forged key shares (§16.5), a censoring
    /// proposer or a list equivocator (§17; each only when named), or all but those two.
    public static let byzantineModes = [
        "equivocate", "malformed", "replay", "withhold-shares", "forge-shares", "censor", "equivocate-lists", "all",
    ]
    /// Log level: `trace`, `debug`, `info`, `notice`, `warning`, `error`.
    public var logLevel: String = "info"
    /// Serve `POST /v1/test/partition` (tests only; never on a real network).
    public var testControls = false
    /// Write requests (POST) per second one client address may make on average; 0 turns the
    /// limit off. Over it the API answers 429 with `Retry-After`.
    public var apiRateLimit: UInt64 = 200
    /// Write requests one client address may make at once before the rate applies.
    public var apiRateBurst: UInt64 = 400
    /// A file holding the bearer token write endpoints require (`Authorization: Bearer …`); empty:
    /// no authentication (devnets). Relative paths are relative to the config's folder.
    public var apiTokenFile: String = ""

    /// Replay every receipt frame from its witness before taking it into the mempool or preparing
    /// a block that carries it (docs/SPEC.md §13.5). Off, the validator checks only the receipt's
    /// signature, executor and limits, and relies on the others for the replay.
    public var verifyReceipts = true

    /// Make this validator's inclusion lists when it is on a block's committee (docs/SPEC.md §17.1).
    /// Off, it makes none — it still checks every block against the lists others make. For
    /// measurements (`bpi bench --only censorship` turns it off on every validator for its baseline).
    public var inclusionLists = true

    /// The anchor settings file (`anchors.json`, docs/CLI.md; relative to the config's folder):
    /// empty, this validator posts no anchors (docs/SPEC.md §18.6).
    public var anchors: String = ""

    /// The force-inclusion inboxes to watch (`inbox.json`, docs/CLI.md; relative to the config's
    /// folder): empty, this validator watches none (docs/SPEC.md §18.10).
    public var inbox: String = ""

    /// Refuse frames of this service (its id, 64 hex digits) when they come directly — by the API
    /// or from peers — so that only the inbox can bring them in (tests only; empty: none).
    public var refuseFramesFrom: String = ""

    /// The identity keys (32 bytes each) of the peers listed after the genesis set's: standby
    /// validators, which a set change may add (docs/SPEC.md §19). `peers` lists the genesis set's
    /// addresses first, then theirs in this order; `index` may name one of them.
    public var standbyKeys: [[UInt8]] = []

    /// The identity keys of the peers, in `peers` order: the genesis set's, then the standby
    /// validators'. Throws when the counts disagree.
    public func roster(genesis: Genesis) throws(NodeError) -> [[UInt8]] {
        let keys = genesis.validatorSet.validators.map(\.identityKey) + standbyKeys
        guard peers.count == keys.count else {
            throw .config(
                "peers lists \(peers.count) addresses for \(genesis.validatorSet.count) genesis validators and \(standbyKeys.count) standby keys"
            )
        }
        guard Set(keys).count == keys.count else { throw .config("standby_keys repeats an identity key of the roster") }
        return keys
    }

    /// Creates a configuration.
    public init(index: Int, peers: [PeerAddress], api: PeerAddress) {
        self.index = index
        self.peers = peers
        self.api = api
    }

    /// The TOML text.
    public var toml: String {
        """
        # Metanode validator configuration (docs/CLI.md, "config.toml").
        index = \(index)
        genesis = \(quoted(genesis))
        peers = [\(peers.map { quoted($0.text) }.joined(separator: ", "))]
        api = \(quoted(api.text))
        block_time_ms = \(blockTimeMilliseconds)
        base_timeout_ms = \(baseTimeoutMilliseconds)
        timeout_increment_ms = \(timeoutIncrementMilliseconds)
        drop_rate = \(dropRate)
        duplicate_rate = \(duplicateRate)
        reorder_rate = \(reorderRate)
        max_delay_ms = \(maxDelayMilliseconds)
        byzantine = \(quoted(byzantine))
        log_level = \(quoted(logLevel))
        test_controls = \(testControls)
        api_rate_limit = \(apiRateLimit)
        api_rate_burst = \(apiRateBurst)
        api_token_file = \(quoted(apiTokenFile))
        verify_receipts = \(verifyReceipts)
        inclusion_lists = \(inclusionLists)
        anchors = \(quoted(anchors))
        inbox = \(quoted(inbox))
        refuse_frames_from = \(quoted(refuseFramesFrom))
        standby_keys = [\(standbyKeys.map { quoted(Hex.encode($0)) }.joined(separator: ", "))]

        """
    }

    private func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Parses the TOML text (the flat subset this file uses: `key = value` with strings,
    /// integers, floats and arrays of strings; `#` comments). Unknown keys are refused.
    public init(toml text: String) throws(NodeError) {
        let table = try TOMLTable(parsing: text)
        func string(_ key: String) throws(NodeError) -> String? {
            guard let v = table.values[key] else { return nil }
            guard case .string(let s) = v else { throw .config("\(key) must be a string") }
            return s
        }
        func integer(_ key: String) throws(NodeError) -> UInt64? {
            guard let v = table.values[key] else { return nil }
            guard case .integer(let i) = v, i >= 0 else { throw .config("\(key) must be a non-negative integer") }
            return UInt64(i)
        }
        func address(_ text: String, _ key: String) throws(NodeError) -> PeerAddress {
            guard let a = PeerAddress(text) else { throw .config("\(key): \"\(text)\" is not host:port") }
            return a
        }
        let known: Set<String> = [
            "index", "genesis", "peers", "api", "block_time_ms", "base_timeout_ms", "timeout_increment_ms", "drop_rate",
            "duplicate_rate", "reorder_rate", "max_delay_ms", "byzantine", "log_level", "test_controls", "api_rate_limit",
            "api_rate_burst", "api_token_file", "verify_receipts", "inclusion_lists", "anchors", "inbox", "refuse_frames_from",
            "standby_keys",
        ]
        if let unknown = table.values.keys.sorted().first(where: { !known.contains($0) }) {
            throw .config("unknown key \(unknown)")
        }
        guard let index = try integer("index") else { throw .config("index is missing") }
        guard case .strings(let peerTexts)? = table.values["peers"] else {
            throw .config("peers must be an array of \"host:port\"")
        }
        var peers: [PeerAddress] = []
        for p in peerTexts { peers.append(try address(p, "peers")) }
        guard Int(index) < peers.count else { throw .config("index \(index) is not below the number of peers \(peers.count)") }
        guard let apiText = try string("api") else { throw .config("api is missing") }
        self.init(index: Int(index), peers: peers, api: try address(apiText, "api"))
        if let g = try string("genesis") { genesis = g }
        if let v = try integer("block_time_ms") { blockTimeMilliseconds = max(1, v) }
        if let v = try integer("base_timeout_ms") { baseTimeoutMilliseconds = max(10, v) }
        if let v = try integer("timeout_increment_ms") {
            guard v >= 1 else {
                throw .config(
                    "timeout_increment_ms must be at least 1: rounds must lengthen for validators that drifted apart to meet")
            }
            timeoutIncrementMilliseconds = v
        }
        func rate(_ key: String) throws(NodeError) -> Double {
            switch table.values[key] {
            case nil, .integer(0)?: return 0
            case .float(let d)? where (0..<1).contains(d): return d
            default: throw .config("\(key) must be a number in [0, 1)")
            }
        }
        dropRate = try rate("drop_rate")
        duplicateRate = try rate("duplicate_rate")
        reorderRate = try rate("reorder_rate")
        if let v = try integer("max_delay_ms") {
            guard v <= 10_000 else { throw .config("max_delay_ms must be at most 10000; got \(v)") }
            maxDelayMilliseconds = v
        }
        if let b = try string("byzantine") {
            guard b.isEmpty || Self.byzantineModes.contains(b) else {
                throw .config("byzantine must be \"\" or one of \(Self.byzantineModes.joined(separator: ", "))")
            }
            byzantine = b
        }
        if let l = try string("log_level") {
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            guard levels.contains(l) else {
                throw .config("log_level must be one of \(levels.joined(separator: ", ")); got \"\(l)\"")
            }
            logLevel = l
        }
        switch table.values["test_controls"] {
        case nil: break
        case .bool(let b)?: testControls = b
        default: throw .config("test_controls must be true or false")
        }
        if let v = try integer("api_rate_limit") { apiRateLimit = v }
        if let v = try integer("api_rate_burst") {
            guard v >= 1 else { throw .config("api_rate_burst must be at least 1") }
            apiRateBurst = v
        }
        if let f = try string("api_token_file") { apiTokenFile = f }
        switch table.values["standby_keys"] {
        case nil: break
        case .strings(let texts)?:
            for (i, text) in texts.enumerated() {
                guard let key = try? Hex.decode(text), key.count == 32 else {
                    throw .config("standby_keys[\(i)] must be 64 hex digits (an Ed25519 identity key)")
                }
                standbyKeys.append(key)
            }
        default: throw .config("standby_keys must be an array of hex strings")
        }
        switch table.values["verify_receipts"] {
        case nil: break
        case .bool(let b)?: verifyReceipts = b
        default: throw .config("verify_receipts must be true or false")
        }
        switch table.values["inclusion_lists"] {
        case nil: break
        case .bool(let b)?: inclusionLists = b
        default: throw .config("inclusion_lists must be true or false")
        }
        if let a = try string("anchors") { anchors = a }
        if let i = try string("inbox") { inbox = i }
        if let r = try string("refuse_frames_from") {
            guard r.isEmpty || Hash32(hex: r) != nil else {
                throw .config("refuse_frames_from must be a service id (64 hex digits) or empty")
            }
            refuseFramesFrom = r.lowercased()
        }
    }

    /// Reads `path`.
    public init(path: String) throws(NodeError) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .config("cannot read \(path)")
        }
        try self.init(toml: text)
    }
}
