import BPICodec
import BPIHash

/// A reference to a finalized Proof-of-History tick (docs/SPEC.md §12): the `end` of record
/// `tickIndex` of block `height`'s tick list. A frame carries one so it cannot claim to be older
/// than that tick, and validators refuse frames whose tick is too old.
public struct TickRef: Sendable, Equatable, Hashable {
    /// The block.
    public var height: UInt64
    /// The record in that block's tick list.
    public var tickIndex: UInt64
    /// That record's `end`.
    public var tickHash: Hash32

    /// A reference.
    public init(height: UInt64, tickIndex: UInt64, tickHash: Hash32) {
        self.height = height
        self.tickIndex = tickIndex
        self.tickHash = tickHash
    }
}

extension TickRef: CBORCodable {
    /// `[height, tickIndex, tickHash]`.
    public var cborFields: [CBOR] { [.unsigned(height), .unsigned(tickIndex), .bytes(tickHash.bytes)] }

    /// Decodes a reference.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        height = try f.nextUInt("height")
        tickIndex = try f.nextUInt("tickIndex")
        tickHash = Hash32(try f.nextBytes("tickHash", count: 32))!
    }
}
