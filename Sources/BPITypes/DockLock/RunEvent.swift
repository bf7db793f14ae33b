import BPICodec
import BPIHash

/// One entry of a run's canonical event stream (docs/SPEC.md §13.3): `[seq, kind, dataHash, value]`
/// with `dataHash = H(0x43 ‖ data)`. The CES root is the count-bound Merkle root over the canonical
/// events in order, so reordering, dropping or inserting an event changes it.
public struct RunEvent: Sendable, Equatable, Hashable {
    /// Position in the stream, from 0.
    public var seq: UInt64
    /// What happened.
    public var kind: RunEventKind
    /// `H(0x43 ‖ data)` of the data the event moved.
    public var dataHash: Hash32
    /// The kind's small integer (a descriptor, a count, an errno, an exit code).
    public var value: UInt64

    /// An event over `data`.
    public init(seq: UInt64, kind: RunEventKind, data: [UInt8], value: UInt64) {
        self.init(seq: seq, kind: kind, dataHash: HashAlgorithm.blake3.hash(data, tag: .runEventData), value: value)
    }

    /// An event.
    public init(seq: UInt64, kind: RunEventKind, dataHash: Hash32, value: UInt64) {
        self.seq = seq
        self.kind = kind
        self.dataHash = dataHash
        self.value = value
    }

    /// The CES root of `events`.
    public static func root(_ events: [RunEvent]) -> Hash32 { Merkle.root(leaves: events.map { $0.canonicalBytes() }) }
}

extension RunEvent: CBORCodable {
    /// `[seq, kind, dataHash, value]`.
    public var cborFields: [CBOR] {
        [.unsigned(seq), .unsigned(kind.rawValue), .bytes(dataHash.bytes), .unsigned(value)]
    }

    /// Decodes an event.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        seq = try f.nextUInt("seq")
        let k = try f.nextUInt("kind")
        guard let kind = RunEventKind(rawValue: k) else { throw .schema("RunEvent.kind: unknown kind \(k)") }
        self.kind = kind
        dataHash = Hash32(try f.nextBytes("dataHash", count: 32))!
        value = try f.nextUInt("value")
    }
}
