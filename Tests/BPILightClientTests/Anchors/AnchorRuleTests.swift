import BPIHash
import BPILightClient
import BPILightClientTool
import BPIToolKit
import BPITools
import BPITypes
import Foundation
import Testing

/// The light client's anchor rule (SPEC §18.7): a header at an anchored height must be the
/// anchored one, whatever its commit says; disagreeing anchors judge nothing.
@Suite("Light client anchor rule")
struct AnchorRuleTests {
    static func forked(_ n: Int = 4, byzantine k: Int = 2, at: UInt64 = 5, headers: Int = 20) throws -> (
        Genesis, ChainFile, ChainFile
    ) {
        var o = TestChain.Options(validators: n, headers: headers, framesPerBlock: 1)
        o.forkAt = at
        o.byzantine = k
        let made = try TestChain.generateFork(o)
        return (made.genesis, made.honest, made.fork)
    }

    static func book(_ chain: ChainFile, every: Int, depth: UInt64 = 1) throws -> AnchorBook {
        try TestChain.anchors(of: chain, chainID: "bpi-testchain", every: every).book(chainID: "bpi-testchain", depth: depth).book
    }

    @Test(
        "the honest branch matches every anchor; the fork, whose commits all verify, is refused at the first anchor past the fork"
    )
    func honestAndFork() throws {
        let (genesis, honest, fork) = try Self.forked()
        // Without anchors both branches verify: commits alone cannot tell them apart.
        #expect(try LightClientTool.verify(genesis: genesis, chain: honest).failure == nil)
        #expect(try LightClientTool.verify(genesis: genesis, chain: fork).failure == nil)
        let anchors = try Self.book(honest, every: 4)
        #expect(anchors.count == 5 && anchors.highest == 20)
        let good = try LightClientTool.verify(genesis: genesis, chain: honest, anchors: anchors)
        #expect(good.failure == nil && good.anchorsMatched == 5 && good.anchoredHeight == 20 && !good.shortOfAnchor)
        let bad = try LightClientTool.verify(genesis: genesis, chain: fork, anchors: anchors)
        #expect(bad.failure?.kind == "contradicts-anchor" && bad.failure?.height == 8 && bad.failure?.exitCode == 24)
        #expect(bad.verifiedHeight == 7 && bad.anchoredHeight == 4 && bad.anchorsMatched == 1)
        #expect(bad.failure?.description.contains(honest.entries[7].header.hash.hex) == true, "names the anchored hash")
    }

    @Test("an anchor naming the right header but another validator set is a contradiction too")
    func wrongSetHash() throws {
        let (genesis, honest, _) = try Self.forked()
        let header = honest.entries[3].header
        let anchor = L1Anchor(height: 4, headerHash: header.hash, validatorSetHash: BLAKE3.hash([9]), source: "test")
        var client = try LightClient(genesis: genesis)
        client.anchors = try AnchorBook([anchor])
        #expect(throws: LightClientError.self) { try client.verify(contentsOf: honest.entries) }
        #expect(client.height == 3, "stops before the contradicting header")
    }

    @Test("two anchors that disagree at one height are refused; the same anchor from two L1s is kept once")
    func conflicts() throws {
        let a = L1Anchor(height: 8, headerHash: BLAKE3.hash([1]), validatorSetHash: BLAKE3.hash([2]), source: "l1-a")
        let same = L1Anchor(height: 8, headerHash: BLAKE3.hash([1]), validatorSetHash: BLAKE3.hash([2]), source: "l1-b")
        let other = L1Anchor(height: 8, headerHash: BLAKE3.hash([3]), validatorSetHash: BLAKE3.hash([2]), source: "l1-b")
        #expect(try AnchorBook([a, same]).count == 1)
        do {
            _ = try AnchorBook([a, other])
            Issue.record("disagreeing anchors were accepted")
        } catch {
            #expect(error.first == a && error.second == other)
            #expect(
                error.description.contains("l1-a") && error.description.contains("l1-b") && error.description.contains("height 8")
            )
        }
    }

    @Test("anchors past the chain's end are reported, shallow anchors are not counted, another mesh's file is refused")
    func reporting() throws {
        let (genesis, honest, _) = try Self.forked()
        let anchors = try Self.book(honest, every: 4)
        let short = ChainFile(entries: Array(honest.entries.prefix(10)))
        let report = try LightClientTool.verify(genesis: genesis, chain: short, anchors: anchors)
        #expect(report.failure == nil && report.shortOfAnchor && report.anchoredHeight == 8)
        #expect(report.text.contains("WARNING: an anchor confirms height 20 but the chain ends at 10"))
        var file = TestChain.anchors(of: honest, chainID: "bpi-testchain", every: 4)
        file.anchors[0].depth = 2
        let (book, shallow) = try file.book(chainID: "bpi-testchain", depth: 3)
        #expect(shallow == 1 && book.count == 4 && book[4] == nil)
        #expect(throws: ToolError.self) { try file.book(chainID: "another-mesh", depth: 1) }
        file.anchors[1].headerHash = "zz"
        #expect(throws: ToolError.self) { try file.book(chainID: "bpi-testchain", depth: 1) }
    }

    @Test("an anchor file round-trips through JSON; a file of another version or shape is refused")
    func fileFormat() throws {
        let (_, honest, _) = try Self.forked()
        let file = TestChain.anchors(of: honest, chainID: "bpi-testchain", every: 5)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("anchors-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try file.write(to: path)
        #expect(try AnchorFile.read(path) == file && file.anchors.map(\.height) == [5, 10, 15, 20])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ToolError.self) { try AnchorFile.read(path) }
        try "{\"anchors\": 3}".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ToolError.self) { try AnchorFile.read(path) }
    }
}
