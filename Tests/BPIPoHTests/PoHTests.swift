import BPICodec
import BPIHash
import BPIPoH
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// The Proof-of-History chain (docs/SPEC.md §11): recorded and replayed here, recomputed from the
/// SPEC by an independent Python implementation, and every kind of tampering refused at its record.
@Suite("Proof-of-History")
struct PoHTests {
    enum Op {
        case hash(UInt64)
        case mix(Hash32)
        case tick
    }

    func record(seed: [UInt8], hashesPerTick: UInt64, _ ops: [Op]) -> [PoHRecord] {
        var recorder = PoHRecorder(seed: seed, hashesPerTick: hashesPerTick)
        for op in ops {
            switch op {
            case .hash(let n): recorder.hash(n)
            case .mix(let e): recorder.mix(e)
            case .tick: recorder.tick()
            }
        }
        return recorder.records
    }

    /// A random block: a seed, a tick length and a mix of hashing, events and ticks.
    func randomBlock(_ rng: inout SeededGenerator) -> (seed: [UInt8], perTick: UInt64, ops: [Op]) {
        let seed = rng.bytes(Int.random(in: 0...64, using: &rng))
        let perTick = UInt64.random(in: 1...50, using: &rng)
        var ops: [Op] = []
        for _ in 0..<Int.random(in: 0...30, using: &rng) {
            switch Int.random(in: 0...2, using: &rng) {
            case 0: ops.append(.hash(UInt64.random(in: 0...120, using: &rng)))
            case 1: ops.append(.mix(Hash32(rng.bytes(32))!))
            default: ops.append(.tick)
            }
        }
        return (seed, perTick, ops)
    }

    @Test("100 random blocks: records and pohRoot equal an independent Python implementation of SPEC §11")
    func matchesOracle() throws {
        var rng = SeededGenerator(seed: 0x12)
        var blocks: [(seed: [UInt8], perTick: UInt64, ops: [Op])] = []
        var input = ""
        for _ in 0..<100 {
            let block = randomBlock(&rng)
            blocks.append(block)
            let ops = block.ops.map { op -> String in
                switch op {
                case .hash(let n): return "[\"hash\", \(n)]"
                case .mix(let e): return "[\"mix\", \"\(e.description)\"]"
                case .tick: return "[\"tick\"]"
                }
            }
            input +=
                "{\"seed\": \"\(Hex.encode(block.seed))\", \"hashesPerTick\": \(block.perTick), \"ops\": [\(ops.joined(separator: ", "))]}\n"
        }
        struct Answer: Decodable {
            var records: [[String?]]?
            var root: String
        }
        let lines = String(decoding: try Oracle.run("poh_oracle.py", input: Data(input.utf8)), as: UTF8.self)
            .split(separator: "\n")
        #expect(lines.count == 100)
        var compared = 0
        for (block, line) in zip(blocks, lines) {
            let records = record(seed: block.seed, hashesPerTick: block.perTick, block.ops)
            try OracleAnswer(line: line).expectEqual(to: records)
            try PoHVerifier.verify(records, seed: block.seed, hashesPerTick: block.perTick)
            compared += records.count
        }
        #expect(compared > 500, "the random blocks must hold enough records to compare (\(compared))")
    }

    /// A block of 40 records: events between clock ticks.
    func sample() -> (seed: [UInt8], records: [PoHRecord]) {
        let seed = Array("seed of height 7".utf8)
        var ops: [Op] = []
        for k in 0..<20 {
            ops += [.hash(UInt64(k % 7)), .mix(BLAKE3.hash([UInt8(k)])), .tick]
        }
        return (seed, record(seed: seed, hashesPerTick: 16, ops))
    }

    @Test("tampering is refused at its record: end, step count, mix-in, order, seed, start, and a work bound")
    func refusesTampering() throws {
        let (seed, records) = sample()
        #expect(records.count == 40)
        try PoHVerifier.verify(records, seed: seed, hashesPerTick: 16)
        // A wrong end anywhere is found at that record, by the parallel replay too.
        for k in [0, 13, 39] {
            var bad = records
            bad[k].end = BLAKE3.hash([9])
            if k + 1 < bad.count { bad[k + 1].start = bad[k].end }  // keep the chain joined: only the replay can tell
            #expect(throws: PoHError.wrongEnd(index: k)) { try PoHVerifier.verify(bad, seed: seed, hashesPerTick: 16) }
            #expect(throws: PoHError.wrongEnd(index: k)) {
                try PoHVerifier.verify(bad, seed: seed, hashesPerTick: 16, threads: 1)
            }
        }
        var mixed = records
        mixed[4].mixin = BLAKE3.hash([7])
        #expect(throws: PoHError.wrongEnd(index: 4)) { try PoHVerifier.verify(mixed, seed: seed, hashesPerTick: 16) }
        // An event record claiming fewer steps than it took.
        var fewer = records
        fewer[2].hashes = 0
        #expect(throws: PoHError.wrongEnd(index: 2)) { try PoHVerifier.verify(fewer, seed: seed, hashesPerTick: 16) }
        // A clock tick must be exactly hashesPerTick steps; an event record fewer.
        var short = records
        short[1].hashes = 15
        #expect(throws: PoHError.badCount(index: 1, hashes: 15)) { try PoHVerifier.verify(short, seed: seed, hashesPerTick: 16) }
        // Reordered records no longer join.
        var swapped = records
        swapped.swapAt(10, 11)
        #expect(throws: PoHError.broken(index: 10)) { try PoHVerifier.verify(swapped, seed: seed, hashesPerTick: 16) }
        // Another seed (a tick list computed before the previous header was final) does not start right.
        #expect(throws: PoHError.badStart) { try PoHVerifier.verify(records, seed: Array("another".utf8), hashesPerTick: 16) }
        #expect(throws: PoHError.tooLong(hashes: 16, limit: 10)) {
            try PoHVerifier.verify(Array(records.prefix(3)), seed: seed, hashesPerTick: 16, maxHashes: 10)
        }
        #expect(PoHVerifier.root(records) != PoHVerifier.root(swapped))
    }

    @Test("recording is deterministic; the records round-trip through canonical CBOR; a bad mix-in length is refused")
    func deterministicAndEncoded() throws {
        let (seed, records) = sample()
        #expect(sample().records == records)
        #expect(PoHRecorder(seed: seed, hashesPerTick: 16).state == PoHHash.start(seed: seed))
        for r in records {
            #expect(try PoHRecord(canonicalBytes: r.canonicalBytes()) == r)
            #expect(PoHVerifier.replay(r) == r.end)
        }
        var bytes = try #require(records.first { $0.mixin == nil }).canonicalBytes()
        let null = try #require(bytes.firstIndex(of: 0xF6))
        bytes[null] = 0x40  // an empty byte string where the mix-in must be 32 bytes or null
        #expect(throws: CBORError.self) { try PoHRecord(canonicalBytes: bytes) }
        // The fuzz corpus seeds for PoH records (Fuzz/Corpus/consensus-message/poh-*) are valid records.
        for name in ["poh-clock", "poh-event"] {
            let url = TestPaths.packageRoot.appendingPathComponent("Fuzz/Corpus/consensus-message/\(name)")
            let seed = [UInt8](try Data(contentsOf: url))
            #expect(try PoHRecord(canonicalBytes: seed).canonicalBytes() == seed, "\(name)")
        }
        // The single-compression step equals the general hash of its 36-byte input.
        let s = BLAKE3.hash([1, 2, 3])
        #expect(PoHHash.steps(from: s, count: 1) == HashAlgorithm.blake3.hash([0x12, 0x01, 0x00, 0x00] + s.bytes))
    }

    @Test("nonce chains equal the independent implementation; a gap, a fork or a reordering breaks one at its frame")
    func nonceChains() throws {
        var rng = SeededGenerator(seed: 0x30)
        let service = Hash32(rng.bytes(32))!
        let frames = (0..<12).map { _ in Hash32(rng.bytes(32))! }
        let input = "{\"service\": \"\(service)\", \"frames\": [\(frames.map { "\"\($0)\"" }.joined(separator: ", "))]}\n"
        let answer = try #require(
            try JSONSerialization.jsonObject(with: try Oracle.run("poh_oracle.py", input: Data(input.utf8))) as? [String: Any])
        let theirs = try #require(answer["chain"] as? [String])
        var chain = [NonceChain.genesis(service: service)]
        for f in frames { chain.append(NonceChain.next(chain.last!, frameHeaderHash: f)) }
        #expect(theirs.count == 13 && chain.map(\.description) == theirs)

        let links = frames.enumerated().map { (ncPrev: chain[$0.offset], frameHeaderHash: $0.element) }
        #expect(try NonceChain.follow(from: chain[0], frames: links) == chain[12])
        var gap = links
        gap.remove(at: 4)
        #expect(throws: NonceChainError.broken(index: 4)) { try NonceChain.follow(from: chain[0], frames: gap) }
        var reordered = links
        reordered.swapAt(6, 7)
        #expect(throws: NonceChainError.broken(index: 6)) { try NonceChain.follow(from: chain[0], frames: reordered) }
        var fork = links
        fork[9] = (ncPrev: chain[8], frameHeaderHash: frames[9])  // a second frame on the value frame 8 used
        #expect(throws: NonceChainError.broken(index: 9)) { try NonceChain.follow(from: chain[0], frames: fork) }
        #expect(NonceChain.genesis(service: service) != NonceChain.genesis(service: frames[0]))
    }
}
