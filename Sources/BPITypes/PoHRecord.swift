import BPICodec
import BPIHash

/// One record of a block's Proof-of-History tick list (docs/SPEC.md §11): starting from the chain
/// state `start`, `hashes` sequential hash steps, then — for an event tick — the mix-in of `mixin`,
/// end in `end`. Each record carries its own start, so the records of a block can be replayed in
/// parallel; consecutive records must join (`end` of one is `start` of the next).
public struct PoHRecord: Sendable, Equatable, Hashable {
    /// The chain state before this record.
    public var start: Hash32
    /// Sequential hash steps from `start` (before the mix-in, if any).
    public var hashes: UInt64
    /// The event mixed in after the steps (a frame's nonce-chain value), nil for a clock tick.
    public var mixin: Hash32?
    /// The chain state after this record.
    public var end: Hash32

    /// Creates a record.
    public init(start: Hash32, hashes: UInt64, mixin: Hash32?, end: Hash32) {
        self.start = start
        self.hashes = hashes
        self.mixin = mixin
        self.end = end
    }
}

extension PoHRecord: CBORCodable {
    /// `[start, hashes, mixin or null, end]`.
    public var cborFields: [CBOR] {
        [.bytes(start.bytes), .unsigned(hashes), mixin.map { .bytes($0.bytes) } ?? .null, .bytes(end.bytes)]
    }

    /// Decodes a record and checks its lengths.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        start = Hash32(try f.nextBytes("start", count: 32))!
        hashes = try f.nextUInt("hashes")
        let mix = try f.next("mixin")
        switch mix {
        case .null: mixin = nil
        case .bytes(let b) where b.count == 32: mixin = Hash32(b)!
        default: throw .schema("PoHRecord.mixin: expected 32 bytes or null")
        }
        end = Hash32(try f.nextBytes("end", count: 32))!
    }
}

extension PoHRecord {
    /// `pohRoot`: the count-bound Merkle root over the records' canonical encodings (§3).
    public static func root(_ records: [PoHRecord]) -> Hash32 { Merkle.root(leaves: records.map { $0.canonicalBytes() }) }

    /// Most records any block's tick list may hold (the largest clock-tick count plus one event per frame).
    public static let maxPerBlock = Int(PoHParameters.maxTicksPerBlock) + Block.maxFrames

    /// Decodes a block's tick list: at most `maxPerBlock` records.
    static func nextList(_ f: inout CBORFieldReader) throws(CBORError) -> [PoHRecord] {
        var out: [PoHRecord] = []
        for item in try f.nextArrayItems("poh", maxCount: maxPerBlock) {
            out.append(try PoHRecord(cbor: item))
        }
        return out
    }
}
