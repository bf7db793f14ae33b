import BPICodec
import BPILightClientTool
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi verify --rpc URL`: runs the light client over a node's chain from a trusted genesis.
public enum VerifyTool {
    /// Fetches the node's finalized chain page by page (`NodeAPI.maxRange` entries) from height 1
    /// until the node has no more, and verifies all of it from `genesis`. The node is trusted for
    /// nothing — also not for its height: the status it reports is used only for progress and is
    /// compared with what it actually served (`Report.claimedHeight`).
    public static func verify(rpc: RPCClient, genesis: Genesis, progress: (UInt64, UInt64) -> Void = { _, _ in })
        async throws(ToolError) -> LightClientTool.Report
    {
        let status = try await rpc.getJSON("/v1/status", as: NodeStatus.self)
        guard status.chainID == genesis.chainID else {
            throw .verificationFailed("the node serves chain \(status.chainID), the genesis is for \(genesis.chainID)")
        }
        var entries: [ChainEntry] = []
        var from: UInt64 = 1
        while true {
            let to = from + NodeAPI.maxRange - 1
            let bytes = try await rpc.get("/v1/chain?from=\(from)&to=\(to)")
            let page: ChainFile
            do {
                page = try ChainFile(canonicalBytes: [UInt8](bytes), limits: CBORDecodingLimits(maxDepth: 64, maxLength: 1 << 30))
            } catch {
                throw .verificationFailed("the node sent a malformed chain for \(from)…\(to): \(error)")
            }
            guard page.entries.count <= Int(NodeAPI.maxRange) else {
                throw .verificationFailed("the node sent \(page.entries.count) entries for a page of \(NodeAPI.maxRange)")
            }
            entries += page.entries
            progress(from + UInt64(page.entries.count) - 1, max(status.height, from + UInt64(page.entries.count) - 1))
            if page.entries.count < Int(NodeAPI.maxRange) { break }
            from = to + 1
        }
        var report = try LightClientTool.verify(genesis: genesis, chain: ChainFile(entries: entries))
        report.claimedHeight = status.height
        return report
    }

    /// Reads a genesis file.
    public static func loadGenesis(_ path: String) throws(ToolError) -> Genesis {
        guard let data = FileManager.default.contents(atPath: path) else { throw .io("cannot read \(path)") }
        do {
            return try Genesis(json: data)
        } catch {
            throw .badInput("\(path): \(error)")
        }
    }
}
