import BPICrypto
import BPIFrames
import BPIHash
import BPINode
import BPITestSupport
import BPITypes
import Testing

/// Data-availability faults through consensus (docs/SPEC.md §15.8): the block at a challenge's
/// deadline + 1 carries its fault on every validator, and a proposer that leaves it out, or
/// alters it, is refused by every other validator before anyone prepares its block.
extension ConsensusDriverTests {
    /// A mesh whose services commit an object at height 2 and challenge it at height 3; nothing
    /// answers, so the fault is due at height 3 + W + 1.
    static func challengedMesh() throws -> (mesh: Mesh, due: UInt64) {
        let mesh = try Mesh(n: 4)
        _ = mesh.frames(for: 1)
        let tick = TestServices.genesisTick(mesh.genesis.hash)
        let object = try DAObject(
            k: 4, n: 6, chunkSize: 256 << 10, size: 5_000, objectHash: BLAKE3.hash([5]), shardRoot: BLAKE3.hash([6]))
        let storer = mesh.services.id(0)
        mesh.framesByHeight[2] = [mesh.services.senders[0].daCommit(object, tick: tick)]
        mesh.framesByHeight[3] = [
            mesh.services.senders[1].daChallenge(
                DAChallenge(objectID: object.id, chunk: 0, shard: 4), storer: storer, tick: tick)
        ]
        let due = 3 + DAChallenge.answerWindow + 1
        for h in 4...(due + 2) { mesh.framesByHeight[h] = [] }
        return (mesh, due)
    }

    @Test("the fault of an unanswered challenge is in the block at its deadline + 1 on every validator, and nowhere else")
    func unansweredChallengeFaults() throws {
        let (mesh, due) = try Self.challengedMesh()
        mesh.start()
        mesh.run(until: { mesh.drivers.allSatisfy { $0.storedHeight >= due + 1 } }, limit: 200_000)
        try #require(mesh.drivers.allSatisfy { $0.storedHeight >= due + 1 })
        for i in mesh.drivers.indices {
            let store = try BlockStore(path: "\(mesh.directory)/v\(i).sqlite")
            for h in 1...(due + 1) {
                let block = try #require(try store.block(at: h))
                #expect(block.entry.daFaults.count == (h == due ? 1 : 0), "validator \(i) height \(h)")
            }
            let fault = try #require(try store.block(at: due)?.entry.daFaults.first)
            #expect(fault.storer == mesh.services.id(0) && fault.challenge.shard == 4)
            #expect(try store.daFault(challenge: fault.challengeID)?.height == due)
        }
        #expect(try mesh.storedHashes(at: due).count == 1)
    }

    @Test(
        "a proposal leaving out or altering a due fault, or adding one not due, is refused by every other validator; the chain goes on with the fault",
        arguments: ["omit", "alter", "add"])
    func forgedFaultsRefused(forgery: String) throws {
        let (mesh, due) = try Self.challengedMesh()
        var first: DAFaultEvidence?
        // Every round-0 proposal of the forged height is forged (whoever leads it); round 1 is honest.
        let forgedHeight = forgery == "add" ? due - 1 : due
        mesh.tamper = { block in
            guard block.header.height == forgedHeight, block.header.round == 0 else { return nil }
            var forged = block
            switch forgery {
            case "omit": forged.daFaults = []
            case "alter":
                guard var f = block.daFaults.first else { return nil }
                f.challenge.shard = 5
                forged.daFaults = [f]
            default:
                // The fault a block one height early would carry (built from the honest one later).
                guard let f = first else { return nil }
                forged.daFaults = [f]
            }
            forged.header.evidenceRoot = Block.evidenceRoot(forged.evidence, daFaults: forged.daFaults)
            return forged
        }
        if forgery == "add" {
            // Learn the fault from an honest run first.
            let (honest, _) = try Self.challengedMesh()
            honest.start()
            honest.run(until: { honest.drivers.allSatisfy { $0.storedHeight >= due } }, limit: 200_000)
            first = try BlockStore(path: "\(honest.directory)/v0.sqlite").block(at: due)?.entry.daFaults.first
            try #require(first != nil)
        }
        mesh.start()
        mesh.run(until: { mesh.drivers.allSatisfy { $0.storedHeight >= due + 1 } }, limit: 200_000)
        try #require(mesh.drivers.allSatisfy { $0.storedHeight >= due + 1 })
        let refusals = mesh.reports.flatMap { $0 }.filter {
            if case .refused("proposal", forgedHeight, let reason?) = $0 { return reason.contains("data-availability faults") }
            return false
        }
        #expect(refusals.count >= 3, "\(refusals.count) refusals")
        let store = try BlockStore(path: "\(mesh.directory)/v0.sqlite")
        #expect(try store.block(at: due)?.entry.daFaults.count == 1)
        #expect(try store.block(at: forgedHeight)?.entry.header.round ?? 0 >= 1, "round 0 was forged: it must not be decided")
        #expect(try mesh.storedHashes(at: due).count == 1)
    }
}
