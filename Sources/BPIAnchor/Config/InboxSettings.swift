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
            let entry = L1EntryReader(file: "inbox.json", index: i, object: t)
            let (name, rpc, chainID, contract) = try entry.common(
                known: known, taken: sources.map(\.name), contract: "inbox contract")
            let number = entry.number
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
