import BPIEthereum
import Foundation

/// The force-inclusion inboxes a validator watches (`inbox.json`, named by `inbox` in config.toml;
/// docs/CLI.md, docs/SPEC.md §18.10).
///
/// ```json
/// {"l1": [{"name": "evm-a", "rpc": "http://127.0.0.1:8545", "chain_id": 31337,
///          "contract": "0x…", "confirmations": 3, "from_block": 0}]}
/// ```
public struct InboxSettings: Sendable, Equatable {
    /// One inbox on one L1.
    public struct Source: Sendable, Equatable {
        public var name: String
        public var endpoint: String
        public var chainID: UInt64
        public var contract: EthereumAddress
        /// L1 blocks a post must be under (its own counted) before it is taken.
        public var confirmations: UInt64
        /// The first L1 block to read (the inbox's deployment).
        public var fromBlock: UInt64

        public init(
            name: String, endpoint: String, chainID: UInt64, contract: EthereumAddress, confirmations: UInt64 = 3,
            fromBlock: UInt64 = 0
        ) {
            self.name = name
            self.endpoint = endpoint
            self.chainID = chainID
            self.contract = contract
            self.confirmations = max(1, confirmations)
            self.fromBlock = fromBlock
        }
    }

    public var sources: [Source]

    public init(sources: [Source]) { self.sources = sources }

    /// Parses the JSON; unknown keys and bad values are refused with what to fix.
    public init(json: Data) throws(AnchorError) {
        func bad(_ why: String) -> AnchorError { .malformed(method: "inbox.json", why) }
        guard let o = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else { throw bad("not a JSON object") }
        if let unknown = o.keys.sorted().first(where: { $0 != "l1" }) { throw bad("unknown key \(unknown)") }
        guard let l1 = o["l1"] as? [[String: Any]], !l1.isEmpty else { throw bad("l1 must list at least one L1") }
        let known: Set<String> = ["name", "rpc", "chain_id", "contract", "confirmations", "from_block"]
        var sources: [Source] = []
        for (i, t) in l1.enumerated() {
            if let unknown = t.keys.sorted().first(where: { !known.contains($0) }) {
                throw bad("l1[\(i)]: unknown key \(unknown)")
            }
            func number(_ key: String) throws(AnchorError) -> UInt64? {
                guard let v = t[key] else { return nil }
                guard let n = v as? NSNumber, n.int64Value >= 0 else {
                    throw bad("l1[\(i)].\(key) must be a non-negative integer")
                }
                return n.uint64Value
            }
            guard let name = t["name"] as? String, !name.isEmpty,
                name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            else { throw bad("l1[\(i)].name must be letters, digits, - or _") }
            guard !sources.contains(where: { $0.name == name }) else { throw bad("l1[\(i)].name \(name) is used twice") }
            guard let rpc = t["rpc"] as? String, rpc.hasPrefix("http://") || rpc.hasPrefix("https://") else {
                throw bad("l1[\(i)].rpc must be an http(s) URL")
            }
            guard let chainID = try number("chain_id"), chainID > 0 else { throw bad("l1[\(i)].chain_id is missing") }
            guard let c = t["contract"] as? String, let contract = try? EthereumAddress(hex: c) else {
                throw bad("l1[\(i)].contract must be the inbox contract's address (0x + 40 hex digits)")
            }
            sources.append(
                Source(
                    name: name, endpoint: rpc, chainID: chainID, contract: contract,
                    confirmations: try number("confirmations") ?? 3,
                    fromBlock: try number("from_block") ?? 0))
        }
        self.init(sources: sources)
    }

    /// The JSON text.
    public var json: String {
        let l1 = sources.map { s in
            """
                {"name": "\(s.name)", "rpc": "\(s.endpoint)", "chain_id": \(s.chainID), "contract": "\(s.contract.checksummed)", \
            "confirmations": \(s.confirmations), "from_block": \(s.fromBlock)}
            """
        }
        return "{\"l1\": [\n" + l1.joined(separator: ",\n") + "\n]}\n"
    }
}
