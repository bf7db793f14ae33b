import BPICodec
import BPIHash
import BPIPoH
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// A block's tick list (docs/SPEC.md §11.2): what a proposer records, recomputed by the Python
/// oracle from the SPEC, and each way a list can disagree with its block refused by its own error.
@Suite("Block Proof-of-History")
struct BlockPoHTests {
    let parameters = PoHParameters.standard

    func events(_ n: Int, salt: UInt8 = 0) -> [Hash32] {
        (0..<n).map { Merkle.leafHash([salt, UInt8($0 & 0xff), UInt8($0 >> 8)]) }
    }

    @Test(
        "100 random blocks: the proposer's tick list equals an independent Python implementation of SPEC §11.2, and passes the rule"
    )
    func matchesOracle() throws {
        var rng = SeededGenerator(seed: 0x112)
        var cases: [(seed: [UInt8], events: [Hash32], parameters: PoHParameters)] = []
        var input = ""
        for k in 0..<100 {
            let p =
                k % 3 == 0
                ? parameters
                : PoHParameters(hashesPerTick: .random(in: 1...40, using: &rng), ticksPerBlock: .random(in: 1...6, using: &rng))
            let e = (0..<Int.random(in: 0...12, using: &rng)).map { _ in Hash32(rng.bytes(32))! }
            let seed = rng.bytes(32)
            cases.append((seed, e, p))
            let list = e.map { "\"\($0.description)\"" }.joined(separator: ", ")
            input +=
                "{\"block\": {\"seed\": \"\(Hex.encode(seed))\", \"events\": [\(list)], \"hashesPerTick\": \(p.hashesPerTick), \"ticksPerBlock\": \(p.ticksPerBlock)}}\n"
        }
        let lines = String(decoding: try Oracle.run("poh_oracle.py", input: Data(input.utf8)), as: UTF8.self).split(
            separator: "\n")
        #expect(lines.count == 100)
        var compared = 0
        for (c, line) in zip(cases, lines) {
            let records = BlockPoH.record(seed: c.seed, events: c.events, parameters: c.parameters)
            try OracleAnswer(line: line).expectEqual(to: records)
            try BlockPoH.check(
                records, events: c.events, pohRoot: PoHRecord.root(records), seed: c.seed, parameters: c.parameters)
            compared += records.count
        }
        #expect(compared > 500, "the blocks must hold enough records to compare (\(compared))")
    }

    @Test("an empty block still carries its clock ticks; a full one mixes every frame in, in order")
    func shape() throws {
        let seed = Array("previous vrf output".utf8)
        let empty = BlockPoH.record(seed: seed, events: [])
        #expect(empty.count == Int(parameters.ticksPerBlock))
        #expect(empty.allSatisfy { $0.mixin == nil && $0.hashes == parameters.hashesPerTick })
        let ids = events(Block.maxFrames)
        let full = BlockPoH.record(seed: seed, events: ids)
        #expect(full.compactMap(\.mixin) == ids)
        #expect(full.count(where: { $0.mixin == nil }) == Int(parameters.ticksPerBlock))
        #expect(full.count <= parameters.maxRecords)
        try BlockPoH.check(full, events: ids, pohRoot: PoHRecord.root(full), seed: seed, threads: 4)
        // Same inputs, byte-identical list; another seed, another list.
        #expect(BlockPoH.record(seed: seed, events: ids) == full)
        #expect(BlockPoH.record(seed: seed + [1], events: ids) != full)
    }

    /// The refusal of `records` (with its root recomputed, as a proposer that signs it would) for `ids`.
    func refusal(_ records: [PoHRecord], _ ids: [Hash32], seed: [UInt8], root: Hash32? = nil) -> BlockPoHError? {
        do {
            try BlockPoH.check(records, events: ids, pohRoot: root ?? PoHRecord.root(records), seed: seed)
            return nil
        } catch {
            return error
        }
    }

    @Test("each disagreement between a block and its ticks is refused with its own error")
    func refusals() throws {
        let seed = Array("seed".utf8)
        let ids = events(5)
        let good = BlockPoH.record(seed: seed, events: ids)
        #expect(refusal(good, ids, seed: seed) == nil)
        #expect(refusal(good, ids, seed: seed, root: PoHRecord.root(Array(good.dropLast()))) == .rootMismatch)
        // The same frames mixed in another order.
        #expect(refusal(BlockPoH.record(seed: seed, events: ids.reversed()), ids, seed: seed) == .reordered)
        // A frame missing from, or added to, the ticks.
        #expect(
            refusal(BlockPoH.record(seed: seed, events: Array(ids.dropLast())), ids, seed: seed)
                == .eventsMismatch(mixins: 4, events: 5))
        #expect(
            refusal(BlockPoH.record(seed: seed, events: ids + events(1, salt: 9)), ids, seed: seed)
                == .eventsMismatch(mixins: 6, events: 5))
        // One clock tick too many, or too few.
        var recorder = PoHRecorder(seed: seed, hashesPerTick: parameters.hashesPerTick)
        for _ in 0...parameters.ticksPerBlock { recorder.tick() }
        #expect(
            refusal(recorder.records, [], seed: seed)
                == .tickCount(found: Int(parameters.ticksPerBlock) + 1, expected: parameters.ticksPerBlock))
        #expect(
            refusal(Array(recorder.records.prefix(Int(parameters.ticksPerBlock) - 1)), [], seed: seed)
                == .tickCount(found: Int(parameters.ticksPerBlock) - 1, expected: parameters.ticksPerBlock))
        // Ending on an event.
        var ending = PoHRecorder(seed: seed, hashesPerTick: parameters.hashesPerTick)
        for _ in 0..<parameters.ticksPerBlock { ending.tick() }
        ending.mix(ids[0])
        #expect(refusal(ending.records, [ids[0]], seed: seed) == .endsWithEvent)
        // Another seed (ticks computed before the previous header was final).
        #expect(refusal(good, ids, seed: seed + [0]) == .chain(.badStart))
        // A record whose end is wrong: the links hold only if the next record starts there too,
        // so only the replay can tell.
        var forged = good
        forged[2].end = BLAKE3.hash([7])
        forged[3].start = forged[2].end
        #expect(refusal(forged, ids, seed: seed) == .chain(.wrongEnd(index: 2)))
        #expect(throws: Never.self) {
            try BlockPoH.checkStructure(forged, events: ids, pohRoot: PoHRecord.root(forged), seed: seed)
        }
        // A clock tick with fewer hashes than a tick (work skipped).
        var short = good
        let last = short.count - 1
        short[last].hashes -= 1
        short[last].end = PoHHash.steps(from: short[last].start, count: short[last].hashes)
        #expect(refusal(short, ids, seed: seed) == .chain(.badCount(index: last, hashes: parameters.hashesPerTick - 1)))
    }

    @Test("block and chain-entry encodings carry the tick list; an over-long list is refused by the decoder")
    func encodings() throws {
        let seed = Array("seed".utf8)
        let ticks = BlockPoH.record(seed: seed, events: events(3))
        let header = Header(
            chainID: "c", height: 1, round: 0, timestamp: 5, prevHash: .zero, proposerIndex: 0,
            vrfProof: [UInt8](repeating: 1, count: 80), vrfOutput: [UInt8](repeating: 2, count: 64),
            validatorSetHash: .zero, nextValidatorSetHash: .zero, pohRoot: PoHRecord.root(ticks))
        let commit = Commit(
            headerHash: header.hash, height: 1, round: 0, signers: SignerBitmap(signers: [0], count: 1),
            aggregateSignature: [UInt8](repeating: 0xc0, count: 1) + [UInt8](repeating: 0, count: 47))
        let entry = ChainEntry(header: header, commit: commit, poh: ticks)
        #expect(try ChainEntry(canonicalBytes: entry.canonicalBytes()) == entry)
        let block = Block(header: entry.header, poh: ticks)
        #expect(try Block(canonicalBytes: block.canonicalBytes()) == block)
        var long = entry
        long.poh = Array(repeating: ticks[0], count: PoHRecord.maxPerBlock + 1)
        #expect(throws: CBORError.self) { _ = try ChainEntry(canonicalBytes: long.canonicalBytes()) }
    }
}
