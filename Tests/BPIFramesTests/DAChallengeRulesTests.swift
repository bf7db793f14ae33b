import BPICodec
import BPIDA
import BPIFrames
import BPIHash
import BPITestSupport
import BPITypes
import Testing

/// Challenges and answers (docs/SPEC.md §15.8): who may challenge which shard, what answers it, and
/// which faults a block must carry — every rule tried from the side of a lying storer or challenger.
@Suite struct DAChallengeRulesTests {
    let ledgerTests = FrameLedgerTests()

    /// A really coded object (k = 4, n = 6, two chunks), its tree and shards.
    struct Coded {
        var object: DAObject
        var tree: ShardTree
        var chunks: [CodedChunk]

        init(seed: UInt64 = 7) throws {
            var rng = SeededGenerator(seed: seed)
            let bytes = rng.bytes(300_000)
            let parameters = CodingParameters(k: 4, n: 6, chunkSize: 256 << 10)
            chunks = try ObjectCoder(parameters).encode(bytes)
            tree = try ShardTree(object: bytes, parameters: parameters, chunks: chunks)
            object = tree.object
        }

        /// The response to `challengeID` for shard `chunk`/`shard`.
        func response(_ challengeID: Hash32, chunk: Int, shard: Int) throws -> DAResponse {
            let (header, proof) = try tree.proof(chunk: chunk, shard: shard)
            return DAResponse(challengeID: challengeID, header: header, shard: chunks[chunk].shards[shard], proof: proof)
        }
    }

    func reason(_ w: FrameLedgerTests.World, _ frame: Frame) -> String? { ledgerTests.refusal(w, frame)?.description }

    /// A world where service a committed `coded`'s object at height 2.
    func committed(_ coded: Coded) throws -> FrameLedgerTests.World {
        var w = try ledgerTests.world()
        try w.finalize([w.a.daCommit(coded.object, tick: w.ticks.newest)])
        #expect(w.ledger.da.commitments[coded.object.id]?.storer == w.a.identity.id)
        return w
    }

    @Test("a challenge names a committed shard, goes to its storer from another service, once per shard")
    func challengeRules() throws {
        let coded = try Coded()
        var w = try committed(coded)
        let tick = w.ticks.newest
        let storer = w.a.identity.id
        let good = DAChallenge(objectID: coded.object.id, chunk: 1, shard: 5)
        var probe = w.b
        #expect(reason(w, probe.daChallenge(good, storer: storer, tick: tick)) == nil)
        probe = w.b
        #expect(reason(w, probe.daChallenge(good, storer: w.b.identity.id, tick: tick))?.contains("storer") == true)
        probe = w.a
        #expect(reason(w, probe.daChallenge(good, storer: storer, tick: tick))?.contains("itself") == true)
        probe = w.b
        let noShard = DAChallenge(objectID: coded.object.id, chunk: 2, shard: 0)
        #expect(reason(w, probe.daChallenge(noShard, storer: storer, tick: tick))?.contains("no shard") == true)
        probe = w.b
        let unknown = DAChallenge(objectID: BLAKE3.hash([9]), chunk: 0, shard: 0)
        #expect(reason(w, probe.daChallenge(unknown, storer: storer, tick: tick))?.contains("not committed") == true)
        probe = w.b
        #expect(reason(w, probe.frame(to: storer, kind: .daChallenge, payload: [0x80], tick: tick)) != nil)
        // A challenge of an object committed in the same block is refused: the commitment must be final.
        var fresh = try ledgerTests.world()
        let sameBlock = [
            fresh.a.daCommit(coded.object, tick: fresh.ticks.newest),
            fresh.b.daChallenge(good, storer: fresh.a.identity.id, tick: fresh.ticks.newest),
        ]
        #expect(throws: FrameError.self) { try fresh.finalize(sameBlock) }
        // Two challenges of one shard in one block: the second is refused; once final, a third too.
        let twice = [w.b.daChallenge(good, storer: storer, tick: tick), w.b.daChallenge(good, storer: storer, tick: tick)]
        var copy = w
        #expect(throws: FrameError.self) { try copy.finalize(twice) }
        try w.finalize([twice[0]])
        #expect(w.ledger.da.open[twice[0].id]?.deadline == w.height + DAChallenge.answerWindow)
        probe = w.b
        #expect(reason(w, probe.daChallenge(good, storer: storer, tick: w.ticks.newest))?.contains("open challenge") == true)
    }

    @Test("only the very shard, from the storer to the challenger, by the deadline, answers; then it is closed")
    func responseRules() throws {
        let coded = try Coded()
        var w = try committed(coded)
        let storer = w.a.identity.id
        let challenger = w.b.identity.id
        let challengeFrame = w.b.daChallenge(
            DAChallenge(objectID: coded.object.id, chunk: 1, shard: 2), storer: storer, tick: w.ticks.newest)
        try w.finalize([challengeFrame])
        let id = challengeFrame.id
        let tick = w.ticks.newest
        let answer = try coded.response(id, chunk: 1, shard: 2)
        var probe = w.a
        #expect(reason(w, probe.daResponse(answer, challenger: challenger, tick: tick)) == nil)
        // Another shard (with its own valid proof), flipped bytes, a forged path, the wrong sender or recipient.
        probe = w.a
        #expect(
            reason(w, probe.daResponse(try coded.response(id, chunk: 1, shard: 3), challenger: challenger, tick: tick))?
                .contains("challenge names") == true)
        var flipped = answer
        flipped.shard[0] ^= 1
        probe = w.a
        #expect(reason(w, probe.daResponse(flipped, challenger: challenger, tick: tick))?.contains("contentHash") == true)
        var forged = answer
        forged.proof.siblings[0] = BLAKE3.hash([1])
        probe = w.a
        #expect(reason(w, probe.daResponse(forged, challenger: challenger, tick: tick))?.contains("shardRoot") == true)
        probe = w.b
        #expect(reason(w, probe.daResponse(answer, challenger: storer, tick: tick))?.contains("storer") == true)
        var unknown = answer
        unknown.challengeID = BLAKE3.hash([3])
        probe = w.a
        #expect(reason(w, probe.daResponse(unknown, challenger: challenger, tick: tick))?.contains("not open") == true)
        // Answered: closed, no fault ever due, a second answer refused.
        try w.finalize([w.a.daResponse(answer, challenger: challenger, tick: tick)])
        #expect(w.ledger.da.open.isEmpty)
        for _ in 0..<Int(DAChallenge.answerWindow) + 2 { try w.finalize([]) }
        #expect(w.ledger.dueFaults(at: w.height + 1).isEmpty)
        probe = w.a
        #expect(reason(w, probe.daResponse(answer, challenger: challenger, tick: w.ticks.newest)) != nil)
    }

    @Test("an unanswered challenge is due exactly at its deadline + 1, its evidence well formed; a late answer is refused")
    func unansweredBecomesAFault() throws {
        let coded = try Coded()
        var w = try committed(coded)
        let commitHeight = w.height
        let storer = w.a.identity.id
        let challenge = DAChallenge(objectID: coded.object.id, chunk: 0, shard: 4)
        let challengeFrame = w.b.daChallenge(challenge, storer: storer, tick: w.ticks.newest)
        try w.finalize([challengeFrame])
        let deadline = w.height + DAChallenge.answerWindow
        // Heights up to the deadline: nothing due, an answer still counts.
        while w.height < deadline {
            #expect(w.ledger.dueFaults(at: w.height + 1).isEmpty, "height \(w.height + 1)")
            try w.finalize([])
        }
        var probe = w.a
        let answer = try coded.response(challengeFrame.id, chunk: 0, shard: 4)
        #expect(reason(w, probe.daResponse(answer, challenger: w.b.identity.id, tick: w.ticks.newest))?.contains("due") == true)
        let due = w.ledger.dueFaults(at: w.height + 1)
        try #require(due.count == 1)
        let fault = due[0]
        #expect(fault.storer == storer && fault.challenger == w.b.identity.id && fault.challenge == challenge)
        #expect(fault.commit.height == commitHeight && fault.challengeFrame.height == deadline - DAChallenge.answerWindow)
        #expect(fault.refusal(carriedAt: deadline + 1) == nil)
        #expect(fault.refusal(carriedAt: deadline)?.contains("belongs at height") == true)
        #expect(try DAFaultEvidence(canonicalBytes: fault.canonicalBytes()) == fault)
        // The block at the deadline + 1 closes it: the answer is refused inside it too.
        var late = w
        #expect(throws: FrameError.self) {
            try late.finalize([late.a.daResponse(answer, challenger: late.b.identity.id, tick: late.ticks.newest)])
        }
        try w.finalize([])
        #expect(w.ledger.da.open.isEmpty && w.ledger.dueFaults(at: w.height + 1).isEmpty)
    }

    @Test("tampered fault evidence is refused: another object, challenge, storer or frame kind")
    func faultEvidenceTampering() throws {
        let coded = try Coded()
        var w = try committed(coded)
        try w.finalize([
            w.b.daChallenge(
                DAChallenge(objectID: coded.object.id, chunk: 1, shard: 0), storer: w.a.identity.id, tick: w.ticks.newest)
        ])
        for _ in 0..<Int(DAChallenge.answerWindow) { try w.finalize([]) }
        let fault = try #require(w.ledger.dueFaults(at: w.height + 1).first)
        let at = w.height + 1
        var other = fault
        other.object = try Coded(seed: 8).object
        #expect(other.refusal(carriedAt: at) != nil)
        var shard = fault
        shard.challenge.shard = 1
        #expect(shard.refusal(carriedAt: at)?.contains("does not carry this challenge") == true)
        var swapped = fault
        swapped.commit = fault.challengeFrame
        #expect(swapped.refusal(carriedAt: at) != nil)
        var early = fault
        early.commit.height = fault.challengeFrame.height
        #expect(early.refusal(carriedAt: at)?.contains("after the commitment") == true)
    }

    @Test("an object whose shards could not fit in a da-response frame is refused at commit")
    func unanswerableObjectsAreRefused() throws {
        let w = try ledgerTests.world()
        var probe = w.a
        let big = try DAObject(
            k: 2, n: 4, chunkSize: 256 << 10, size: 1 << 20, objectHash: BLAKE3.hash([1]), shardRoot: BLAKE3.hash([2]))
        #expect(reason(w, probe.daCommit(big, tick: w.ticks.newest))?.contains("da-response") == true)
        probe = w.a
        let fits = try DAObject(
            k: 4, n: 6, chunkSize: 256 << 10, size: 1 << 20, objectHash: BLAKE3.hash([1]), shardRoot: BLAKE3.hash([2]))
        #expect(reason(w, probe.daCommit(fits, tick: w.ticks.newest)) == nil)
        // The largest answer fits in a frame.
        let header = ShardHeader(object: fits, chunk: 0, shard: 0, bytes: [UInt8](repeating: 0, count: 64 << 10))
        let response = DAResponse(
            challengeID: BLAKE3.hash([0]), header: header, shard: [UInt8](repeating: 0, count: 64 << 10),
            proof: MerkleProof(index: 0, count: 1 << 20, siblings: [Hash32](repeating: BLAKE3.hash([0]), count: 20)))
        #expect(response.canonicalBytes().count <= Frame.maxPayloadBytes)
    }
}
