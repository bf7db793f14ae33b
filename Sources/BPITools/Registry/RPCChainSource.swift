import BPICodec
import BPINode
import BPIRegistry
import BPIToolKit
import BPITypes
import Foundation

/// The registry's chain source over a validator's API: `/v1/headers/latest`, `/v1/chain` and
/// `/v1/blocks/{height}/frames`. The registry trusts none of it (it verifies as a light client).
public struct RPCChainSource: ChainSource {
    let rpc: RPCClient

    /// A source reading `rpc`.
    public init(rpc: RPCClient) { self.rpc = rpc }

    public func latestHeight() async throws -> UInt64 {
        try await rpc.getJSON("/v1/headers/latest", as: HeaderView.self).height
    }

    public func entries(from: UInt64, to: UInt64) async throws -> [ChainEntry] {
        try await rpc.chain(from: from, to: to)
    }

    public func frames(at height: UInt64) async throws -> [Frame] {
        struct Frames: Decodable {
            struct Item: Decodable { var frame: String }
            var frames: [Item]
        }
        return try await rpc.getJSON("/v1/blocks/\(height)/frames", as: Frames.self).frames.map {
            try Frame(canonicalBytes: try Hex.decode($0.frame))
        }
    }
}
