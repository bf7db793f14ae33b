import BPIEthereum
import Foundation

/// Reads one entry of an `l1` list — in `anchors.json` or `inbox.json` — strictly: the fields every
/// such entry has (name, rpc, chain id, contract) and its numbers, with messages naming the file,
/// the entry and the key to fix.
struct L1EntryReader {
    let file: String
    let index: Int
    let object: [String: Any]

    func bad(_ why: String) -> AnchorError { .malformed(method: file, "l1[\(index)]\(why)") }

    /// A non-negative integer field, nil when absent.
    func number(_ key: String) throws(AnchorError) -> UInt64? {
        guard let v = object[key] else { return nil }
        guard let n = v as? NSNumber, n.int64Value >= 0 else { throw bad(".\(key) must be a non-negative integer") }
        return n.uint64Value
    }

    /// Refuses keys outside `known`, then reads the shared fields; `taken` are the names already used.
    func common(known: Set<String>, taken: [String], contract what: String) throws(AnchorError) -> (
        name: String, rpc: String, chainID: UInt64, contract: EthereumAddress
    ) {
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) { throw bad(": unknown key \(unknown)") }
        guard let name = object["name"] as? String, !name.isEmpty,
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else { throw bad(".name must be letters, digits, - or _") }
        guard !taken.contains(name) else { throw bad(".name \(name) is used twice") }
        guard let rpc = object["rpc"] as? String, rpc.hasPrefix("http://") || rpc.hasPrefix("https://") else {
            throw bad(".rpc must be an http(s) URL")
        }
        guard let chainID = try number("chain_id"), chainID > 0 else { throw bad(".chain_id is missing") }
        guard let c = object["contract"] as? String, let contract = try? EthereumAddress(hex: c) else {
            throw bad(".contract must be the \(what)'s address (0x + 40 hex digits)")
        }
        return (name, rpc, chainID, contract)
    }
}
