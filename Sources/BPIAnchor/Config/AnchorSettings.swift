import BPIEthereum
import Foundation

/// A validator's anchor configuration (`anchors.json`, named by `anchors` in config.toml; docs/CLI.md):
/// which finalized heights to anchor, the L1 account's key file, and the L1s.
///
/// ```json
/// {"every": 8, "key_file": "anchor.key",
///  "l1": [{"name": "evm-a", "rpc": "http://127.0.0.1:8545", "chain_id": 31337,
///          "contract": "0x…", "confirmations": 3, "tip_wei": 1000000000,
///          "fee_cap_wei": 500000000000, "gas_limit": 100000, "patience": 2,
///          "pledge": {"deadline_seconds": 60, "from_height": 8, "l1_from_block": 0}}]}
/// ```
public struct AnchorSettings: Sendable, Equatable {
    /// Anchor every height that is a multiple of this (T_anchor).
    public var every: UInt64
    /// The file holding the L1 account's secp256k1 key (hex, mode 0600); relative to the file's folder.
    public var keyFile: String
    public var targets: [AnchorTarget]

    public init(every: UInt64, keyFile: String, targets: [AnchorTarget]) {
        self.every = every
        self.keyFile = keyFile
        self.targets = targets
    }

    /// Parses the JSON; unknown keys and bad values are refused with what to fix.
    public init(json: Data) throws(AnchorError) {
        func bad(_ why: String) -> AnchorError { .malformed(method: "anchors.json", why) }
        guard let o = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else { throw bad("not a JSON object") }
        if let unknown = o.keys.sorted().first(where: { !["every", "key_file", "l1"].contains($0) }) {
            throw bad("unknown key \(unknown)")
        }
        guard let every = (o["every"] as? NSNumber)?.int64Value, every >= 1 else { throw bad("every must be an integer ≥ 1") }
        guard let keyFile = o["key_file"] as? String, !keyFile.isEmpty else { throw bad("key_file must name the L1 key file") }
        guard let l1 = o["l1"] as? [[String: Any]], !l1.isEmpty else { throw bad("l1 must list at least one L1") }
        let known: Set<String> = [
            "name", "rpc", "chain_id", "contract", "confirmations", "tip_wei", "fee_cap_wei", "gas_limit", "patience", "pledge",
        ]
        var targets: [AnchorTarget] = []
        for (i, t) in l1.enumerated() {
            let entry = L1EntryReader(file: "anchors.json", index: i, object: t)
            let number = entry.number
            let (name, rpc, chainID, contract) = try entry.common(
                known: known, taken: targets.map(\.name), contract: "anchor contract")
            var target = AnchorTarget(name: name, endpoint: rpc, chainID: chainID, contract: contract)
            if let v = try number("confirmations") { target.confirmations = max(1, v) }
            if let v = try number("tip_wei") { target.tip = v }
            if let v = try number("fee_cap_wei") { target.feeCap = v }
            if let v = try number("gas_limit") { target.gasLimit = max(21_000, v) }
            if let v = try number("patience") { target.patience = max(1, v) }
            guard target.tip <= target.feeCap else { throw bad("l1[\(i)]: tip_wei is above fee_cap_wei") }
            if let p = t["pledge"] {
                guard let p = p as? [String: Any],
                    Set(p.keys).isSubset(of: ["deadline_seconds", "from_height", "l1_from_block"]),
                    let deadline = (p["deadline_seconds"] as? NSNumber)?.int64Value, (1...86_400).contains(deadline)
                else {
                    throw bad(
                        "l1[\(i)].pledge must be {\"deadline_seconds\": 1…86400, \"from_height\": H, \"l1_from_block\": B} (the last two optional)"
                    )
                }
                let from = (p["from_height"] as? NSNumber)?.int64Value ?? 0
                let l1From = (p["l1_from_block"] as? NSNumber)?.int64Value ?? 0
                guard from >= 0, l1From >= 0 else { throw bad("l1[\(i)].pledge: from_height and l1_from_block are ≥ 0") }
                target.pledge = PledgeTerms(
                    deadlineSeconds: UInt64(deadline), fromHeight: UInt64(from), l1FromBlock: UInt64(l1From))
            }
            targets.append(target)
        }
        self.init(every: UInt64(every), keyFile: keyFile, targets: targets)
    }

    /// The JSON text.
    public var json: String {
        let l1 = targets.map { t in
            """
                {"name": "\(t.name)", "rpc": "\(t.endpoint)", "chain_id": \(t.chainID), "contract": "\(t.contract.checksummed)", \
            "confirmations": \(t.confirmations), "tip_wei": \(t.tip), "fee_cap_wei": \(t.feeCap), "gas_limit": \(t.gasLimit), \
            "patience": \(t.patience)\(t.pledge.map { p in
                    ", \"pledge\": {\"deadline_seconds\": \(p.deadlineSeconds), \"from_height\": \(p.fromHeight), \"l1_from_block\": \(p.l1FromBlock)}"
                } ?? "")}
            """
        }
        return "{\"every\": \(every), \"key_file\": \"\(keyFile)\",\n \"l1\": [\n\(l1.joined(separator: ",\n"))\n ]}\n"
    }
}
