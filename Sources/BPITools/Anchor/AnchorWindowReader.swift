import BPIAnchor
import BPIEthereum
import BPIToolKit
import BPITypes

/// Reads from an L1 node what a missed anchor is judged by (docs/SPEC.md §18.11): the block that
/// ends the deadline's window and the pledged poster's anchors of the height inside it.
public enum AnchorWindowReader {
    /// The L1 nodes at `urls`, by the chain id each answers (`eth_chainId`).
    public static func nodes(_ urls: [String]) async throws(ToolError) -> [UInt64: EthereumRPC] {
        var nodes: [UInt64: EthereumRPC] = [:]
        for url in urls {
            let node = EthereumRPC(endpoint: url)
            do { nodes[try await node.chainID()] = node } catch { throw .io("L1 node \(url): \(error)") }
        }
        return nodes
    }

    /// The last block in `from…head` whose timestamp is at most `time`, by binary search (block
    /// timestamps never decrease); nil when block `from` is already later.
    public static func lastBlock(atOrBefore time: UInt64, from: UInt64, rpc: EthereumRPC) async throws(AnchorError) -> UInt64? {
        let head = try await rpc.blockNumber()
        guard from <= head, let first = try await rpc.block(from), first.timestamp <= time else { return nil }
        var (low, high) = (from, head)  // low satisfies; find the last that does
        while low < high {
            let mid = low + (high - low + 1) / 2
            guard let b = try await rpc.block(mid) else {
                throw .malformed(method: "eth_getBlockByNumber", "block \(mid) missing below the head")
            }
            if b.timestamp <= time { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The window of `evidence` on the L1 behind `rpc`.
    public static func window(for evidence: MissedAnchorEvidence, rpc: EthereumRPC) async throws(AnchorError)
        -> MissedAnchorEvidence.L1Window
    {
        let pledge = evidence.pledge
        let chainID = try await rpc.chainID()
        let head = try await rpc.blockNumber()
        let block = try await rpc.block(evidence.l1Block)
        let next = try await rpc.block(evidence.l1Block + 1)
        var anchored: [[UInt8]] = []
        if chainID == pledge.l1ChainID, evidence.l1Block >= pledge.l1FromBlock,
            let contract = try? EthereumAddress(bytes: pledge.contract)
        {
            let logs = try await rpc.logs(
                address: contract,
                topics: [
                    AnchorLogContract.anchoredTopic, AnchorLogContract.meshID(chainID: pledge.chainID),
                    AnchorLogContract.word(evidence.height), [UInt8](repeating: 0, count: 12) + pledge.poster,
                ], from: pledge.l1FromBlock, to: evidence.l1Block)
            anchored = logs.compactMap { AnchorLogContract.decode(topics: $0.topics, data: $0.data)?.headerHash }
        }
        return MissedAnchorEvidence.L1Window(
            chainID: chainID, blockHash: block?.hash, blockTimestamp: block?.timestamp ?? .max, nextTimestamp: next?.timestamp,
            head: head, anchored: anchored)
    }
}
