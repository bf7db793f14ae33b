import BPICodec
import BPIFrames
import BPIHash
import BPITestSupport
import BPITypes
import Testing

/// The rules a da-commit frame meets before it is ordered (docs/SPEC.md §15.3), and the block's
/// `daRoot` over the objects its da-commit frames commit.
@Suite struct DACommitRulesTests {
    let ledgerTests = FrameLedgerTests()

    static func object(size: UInt64 = 1_000_000, seed: UInt8 = 1) throws -> DAObject {
        try DAObject(
            k: 10, n: 16, chunkSize: 256 << 10, size: size, objectHash: BLAKE3.hash([seed]), shardRoot: BLAKE3.hash([seed, 2]))
    }

    func reason(_ w: FrameLedgerTests.World, _ frame: Frame) -> String? { ledgerTests.refusal(w, frame)?.description }

    @Test func eachWayADACommitFrameIsRefused() throws {
        var w = try ledgerTests.world()
        let tick = w.ticks.newest
        let a = w.a.identity
        var probe = w.a
        #expect(reason(w, probe.daCommit(try Self.object(), tick: tick)) == nil)
        probe = w.a
        #expect(
            reason(w, probe.frame(to: w.b.identity.id, kind: .daCommit, payload: try Self.object().canonicalBytes(), tick: tick))?
                .contains("src == dst") == true)
        probe = w.a
        #expect(reason(w, probe.frame(to: a.id, kind: .daCommit, payload: [0x80], tick: tick))?.contains("DAObject") == true)
        probe = w.a
        #expect(reason(w, probe.daCommit(try Self.object(size: 0), tick: tick))?.contains("0 bytes") == true)
        // Parameters out of range (n ≤ k) are not a canonical object.
        var bad = try Self.object()
        bad.n = bad.k
        probe = w.a
        #expect(reason(w, probe.frame(to: a.id, kind: .daCommit, payload: bad.canonicalBytes(), tick: tick)) != nil)
        // Non-canonical CBOR (an indefinite-length array) is refused too.
        var bytes = try Self.object().canonicalBytes()
        bytes[0] = 0x9f
        bytes.append(0xff)
        probe = w.a
        #expect(reason(w, probe.frame(to: a.id, kind: .daCommit, payload: bytes, tick: tick)) != nil)
        // A frame the ledger accepts is recorded like any other.
        probe = w.a
        try w.finalize([probe.daCommit(try Self.object(), tick: tick)])
    }

    @Test func daRootCommitsTheObjectsInBlockOrder() throws {
        var w = try ledgerTests.world()
        let tick = w.ticks.newest
        let first = try Self.object(seed: 1)
        let second = try Self.object(seed: 2)
        let frames = [
            w.a.daCommit(first, tick: tick), w.a.frame(to: w.b.identity.id, kind: .data, payload: [1], tick: tick),
            w.b.daCommit(second, tick: tick),
        ]
        #expect(Block.daObjects(frames) == [first, second])
        let root = Block.daRoot(frames)
        #expect(root == Merkle.root(leaves: [first.canonicalBytes(), second.canonicalBytes()]))
        #expect(root != Block.daRoot(objects: [second, first]) && root != Header.emptyRoot)
        #expect(Block.daRoot([]) == Header.emptyRoot)
    }
}
