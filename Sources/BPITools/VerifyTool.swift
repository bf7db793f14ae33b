import BPICodec
import BPINode
import BPITypes
import Foundation

/// `bpi verify --rpc URL`: runs the light client over a node's chain from a trusted genesis.
public enum VerifyTool {
    /// Fetches the node's whole finalized chain (in pages of `NodeAPI.maxRange`) and verifies it
    /// from `genesis`; the node is not trusted for anything.
    public static func verify(rpc: RPCClient, genesis: Genesis, progress: (UInt64, UInt64) -> Void = { _, _ in })
        async throws(ToolError) -> LightClientTool.Report
    {
        let status = try await rpc.getJSON("/v1/status", as: NodeStatus.self)
        guard status.chainID == genesis.chainID else {
            throw .verificationFailed("the node serves chain \(status.chainID), the genesis is for \(genesis.chainID)")
        }
        var entries: [ChainEntry] = []
        var from: UInt64 = 1
        while from <= status.height {
            let to = min(status.height, from + NodeAPI.maxRange - 1)
            let bytes = try await rpc.get("/v1/chain?from=\(from)&to=\(to)")
            do {
                let page = try ChainFile(
                    canonicalBytes: [UInt8](bytes), limits: CBORDecodingLimits(maxDepth: 64, maxLength: 1 << 30))
                entries += page.entries
            } catch {
                throw .verificationFailed("the node sent a malformed chain for \(from)…\(to): \(error)")
            }
            progress(to, status.height)
            from = to + 1
        }
        return try LightClientTool.verify(genesis: genesis, chain: ChainFile(entries: entries), timing: false)
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
