import BPICodec
import BPIHash
import BPILightClient
import BPILightClientTool
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi verify --rpc URL`: runs the light client over a node's chain from a trusted genesis.
public enum VerifyTool {
    /// Fetches the node's finalized chain page by page (`NodeAPI.maxRange` entries) from height 1
    /// — or from a trusted `checkpoint` — until the node has no more, and verifies all of it from
    /// `genesis` (or the checkpoint). The node is trusted for nothing — also not for its height:
    /// the status it reports is used only for progress and is compared with what it actually
    /// served (`Report.claimedHeight`). From a checkpoint, the node's header at that height must
    /// hash to the trusted hash, and the set it gives for the next height must hash to that
    /// header's `nextValidatorSetHash`.
    public static func verify(
        rpc: RPCClient, genesis: Genesis, checkpoint: Checkpoint? = nil, progress: (UInt64, UInt64) -> Void = { _, _ in }
    ) async throws(ToolError) -> LightClientTool.Report {
        let status = try await rpc.getJSON("/v1/status", as: NodeStatus.self)
        guard status.chainID == genesis.chainID else {
            throw .verificationFailed("the node serves chain \(status.chainID), the genesis is for \(genesis.chainID)")
        }
        let start: LightClient
        if let checkpoint {
            start = try await client(at: checkpoint, rpc: rpc, genesis: genesis)
        } else {
            do {
                start = try LightClient(genesis: genesis)
            } catch {
                throw .badInput("genesis: \(error)")
            }
        }
        var entries: [ChainEntry] = []
        var from = start.height + 1
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
        var report = LightClientTool.verify(from: start, chain: ChainFile(entries: entries))
        report.claimedHeight = status.height
        return report
    }

    /// A light client at `checkpoint`: the node's entry there must hash to the trusted hash and
    /// the set it serves for the next height must match that header.
    static func client(at checkpoint: Checkpoint, rpc: RPCClient, genesis: Genesis) async throws(ToolError) -> LightClient {
        let view = try await rpc.getJSON("/v1/headers/\(checkpoint.height)", as: HeaderView.self)
        let set = try await rpc.getJSON("/v1/validators/\(checkpoint.height + 1)", as: NodeAPI.ValidatorSetView.self)
        let entry: ChainEntry
        let next: ValidatorSet
        do {
            entry = try ChainEntry(canonicalBytes: try Hex.decode(view.entry))
            next = try ValidatorSet(canonicalBytes: try Hex.decode(set.cbor))
        } catch {
            throw .verificationFailed("the node's checkpoint data does not decode: \(error)")
        }
        do {
            return try LightClient(genesis: genesis, checkpoint: entry, trustedHash: checkpoint.hash, nextSet: next)
        } catch .tamperedHeader {
            throw .verificationFailed(
                "the node's header at height \(checkpoint.height) is \(entry.header.hash), not the trusted \(checkpoint.hash): it serves another chain"
            )
        } catch {
            throw .verificationFailed("the node's checkpoint at height \(checkpoint.height) is refused: \(error)")
        }
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
