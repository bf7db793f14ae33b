import BPICodec
import BPITools
import BPITypes
import Foundation
import Hummingbird
import NIOCore
import Testing

/// `bpi verify` trusts the node for nothing, also not for its height: a fake node that claims more
/// than it serves, or serves more than it claims, is measured by what the light client checked.
@Suite("bpi verify against a lying node")
struct VerifyToolTests {
    /// Serves `entries` as the chain and `claimed` as the status height until `body` returns.
    func withFakeNode(claimed: UInt64, entries: [ChainEntry], chainID: String, _ body: (RPCClient) async throws -> Void)
        async throws
    {
        let router = Router()
        router.get("/v1/status") { _, _ in
            let json = """
                {"chainID":"\(chainID)","index":0,"height":\(claimed),"latestHash":"","round":0,"peers":0,"validators":4,\
                "mempool":0,"roundChanges":0,"evidence":0,"finalizedPayloadBytes":0}
                """
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        router.get("/v1/chain") { request, _ in
            let from = Int(request.uri.queryParameters["from"].map(String.init) ?? "1") ?? 1
            let to = Int(request.uri.queryParameters["to"].map(String.init) ?? "1") ?? 1
            let page = entries.filter { Int($0.header.height) >= from && Int($0.header.height) <= to }
            return Response(
                status: .ok, headers: [.contentType: "application/cbor"],
                body: .init(byteBuffer: ByteBuffer(bytes: ChainFile(entries: page).canonicalBytes())))
        }
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) })
        let server = Task { try await app.run() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body(try RPCClient(url: "http://127.0.0.1:\(port)"))
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
