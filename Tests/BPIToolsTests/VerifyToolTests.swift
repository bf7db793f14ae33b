import BPICodec
import BPITools
import BPITypes
import Foundation
import Testing

/// `bpi verify` trusts the node for nothing, also not for its height: a fake node that claims more
/// than it serves, or serves more than it claims, is measured by what the light client checked.
@Suite("bpi verify against a lying node")
struct VerifyToolTests {
    /// Serves `entries` as the chain and `claimed` as the status height until `body` returns.
    func withFakeNode(claimed: UInt64, entries: [ChainEntry], chainID: String, _ body: (RPCClient) async throws -> Void)
        async throws
    {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-fake-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = try StandInNode(serving: entries, chainID: chainID, claimed: claimed, in: dir)
        try await body(try RPCClient(url: "http://127.0.0.1:\(try await node.port())"))
        withExtendedLifetime(node) {}
    }

    @Test("a node claiming 1,000 headers but serving 3: verified 3, short of its claim")
    func claimsMoreThanItServes() async throws {
        let (genesis, chain) = try TestChain.generate(.init(validators: 4, headers: 3))
        try await withFakeNode(claimed: 1_000, entries: chain.entries, chainID: genesis.chainID) { rpc in
            let report = try await VerifyTool.verify(rpc: rpc, genesis: genesis)
            #expect(report.failure == nil && report.verifiedHeight == 3)
            #expect(report.claimedHeight == 1_000 && report.shortOfClaim)
            #expect(report.text.contains("claims height 1000 but served only 3"))
        }
    }

    @Test("a node claiming height 1 but serving 5: all 5 are fetched and verified")
    func servesMoreThanItClaims() async throws {
        let (genesis, chain) = try TestChain.generate(.init(validators: 4, headers: 5))
        try await withFakeNode(claimed: 1, entries: chain.entries, chainID: genesis.chainID) { rpc in
            let report = try await VerifyTool.verify(rpc: rpc, genesis: genesis)
            #expect(report.failure == nil && report.verifiedHeight == 5 && !report.shortOfClaim)
        }
    }
}
