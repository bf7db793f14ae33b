import BPICodec
import BPINode
import BPIToolKit
import BPITypes
import Foundation

extension RPCClient {
    /// The light-client entries of heights 1…`height` (`GET /v1/chain`, in pages of
    /// `NodeAPI.maxRange`): unverified — verify them from genesis.
    public func chain(through height: UInt64) async throws(ToolError) -> [ChainEntry] {
        var entries: [ChainEntry] = []
        var from: UInt64 = 1
        while from <= height {
            let to = min(height, from + NodeAPI.maxRange - 1)
            entries += try await chain(from: from, to: to)
            from = to + 1
        }
        return entries
    }

    /// The light-client entries of heights `from`…`to` (one `GET /v1/chain`, at most
    /// `NodeAPI.maxRange` of them): unverified — verify them from genesis.
    public func chain(from: UInt64, to: UInt64) async throws(ToolError) -> [ChainEntry] {
        let data = try await get("/v1/chain?from=\(from)&to=\(to)")
        do {
            return try ChainFile(canonicalBytes: [UInt8](data), limits: CBORDecodingLimits(maxDepth: 64, maxLength: 1 << 30))
                .entries
        } catch {
            throw .verificationFailed("the node sent a malformed chain: \(error)")
        }
    }
}
