import BPICodec
import BPIDA
import BPIFrames
import BPIHash
import BPILightClient
import BPIPoH
import BPITestSupport
import BPITypes
import Testing

/// A data-availability fault checked against headers (docs/SPEC.md §15.8): the ledger's evidence
/// for an unanswered challenge checks against the headers whose `framesRoot`s carry its commit and
/// challenge frames; a missing header, a header of another block or an altered path is refused.
@Suite struct DAFaultCheckTests {
    struct Fixture {
        var fault: DAFaultEvidence
        var carriedAt: UInt64
        var headers: [UInt64: Header]
    }

    static func fixture() throws -> Fixture {
        let a = ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.local/svc/storer"))
        let b = ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.local/svc/challenger"))
        var storer = FrameSender(identity: a)
        var challenger = FrameSender(identity: b)
        var ledger = FrameLedger()
        var ticks = TickWindow(genesisHash: BLAKE3.hash([0]))
        var headers: [UInt64: Header] = [:]
        var height: UInt64 = 0
        func finalize(_ frames: [Frame]) throws {
            height += 1
            try ledger.apply(block: frames, height: height, ticks: ticks)
            ticks.append(height: height, records: BlockPoH.record(seed: [UInt8(height)], events: []))
            headers[height] = Header(
                chainID: "da-fault", height: height, round: 0, timestamp: height, prevHash: .zero, proposerIndex: 0, vrfProof: [],
                vrfOutput: [], validatorSetHash: .zero, nextValidatorSetHash: .zero, framesRoot: Block.framesRoot(frames))
        }
        try finalize([storer.register(tick: ticks.newest), challenger.register(tick: ticks.newest)])
        var rng = SeededGenerator(seed: 37)
        let bytes = rng.bytes(100_000)
        let parameters = CodingParameters(k: 4, n: 6, chunkSize: 256 << 10)
        let object = try ShardTree(object: bytes, parameters: parameters, chunks: try ObjectCoder(parameters).encode(bytes))
            .object
        // Other frames beside them, so the paths have siblings.
        try finalize([
            challenger.frame(to: a.id, kind: .handshake, payload: [1], tick: ticks.newest),
            storer.daCommit(object, tick: ticks.newest),
        ])
        try finalize([
            storer.frame(to: b.id, kind: .handshake, payload: [2], tick: ticks.newest),
            challenger.daChallenge(DAChallenge(objectID: object.id, chunk: 0, shard: 5), storer: a.id, tick: ticks.newest),
        ])
        for _ in 0..<DAChallenge.answerWindow { try finalize([]) }
        let fault = try #require(ledger.dueFaults(at: height + 1).first)
        return Fixture(fault: fault, carriedAt: height + 1, headers: headers)
    }

    @Test func theLedgersFaultChecksAgainstItsHeaders() throws {
        let f = try Self.fixture()
        #expect(
            f.fault.commit.height == 2 && f.fault.challengeFrame.height == 3 && f.carriedAt == 3 + DAChallenge.answerWindow + 1)
        try DAFaultCheck.check(f.fault, carriedAt: f.carriedAt) { f.headers[$0] }
    }

    @Test func missingHeadersAlteredPathsAndOtherBlocksAreRefused() throws {
        let f = try Self.fixture()
        func refusal(_ fault: DAFaultEvidence, headers: [UInt64: Header]? = nil) -> String? {
            do {
                try DAFaultCheck.check(fault, carriedAt: f.carriedAt) { (headers ?? f.headers)[$0] }
                return nil
            } catch {
                return error.description
            }
        }
        var noCommitHeader = f.headers
        noCommitHeader[2] = nil
        #expect(refusal(f.fault, headers: noCommitHeader)?.contains("no verified header at height 2") == true)
        var path = f.fault
        path.challengeFrame.proof.siblings[0] = BLAKE3.hash([7])
        #expect(refusal(path)?.contains("challenge frame is not in the frames_root of height 3") == true)
        var otherBlock = f.headers
        otherBlock[2]?.framesRoot = BLAKE3.hash([8])
        #expect(refusal(f.fault, headers: otherBlock)?.contains("commit frame") == true)
        #expect(refusal(f.fault) == nil)
    }
}
