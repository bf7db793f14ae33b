import BPICodec
import BPIHash

/// Every field of a frame but its payload and signature (docs/SPEC.md §12): who sends to whom,
/// the per-(src, dst) counter, the link into the sender's nonce chain, the tick it is not older
/// than, and its kind. Its canonical encoding is the associated data of the sealed payload, and
/// its hash is what the sender signs (with the payload's hash) and chains.
public struct FrameHeader: Sendable, Equatable, Hashable {
    /// Format version (1).
    public var version: UInt64 = 1
    /// The sending service's id.
    public var source: Hash32
    /// The receiving service's id.
    public var destination: Hash32
    /// Strictly increasing per (source, destination), from 1.
    public var nonce: UInt64
    /// The sender's nonce-chain value before this frame (§11.1).
    public var ncPrev: Hash32
    /// A recent finalized tick.
    public var tick: TickRef
    /// What the payload is.
    public var kind: FrameKind

    /// A header.
    public init(source: Hash32, destination: Hash32, nonce: UInt64, ncPrev: Hash32, tick: TickRef, kind: FrameKind) {
        self.source = source
        self.destination = destination
        self.nonce = nonce
        self.ncPrev = ncPrev
        self.tick = tick
        self.kind = kind
    }

    /// `H(0x32 ‖ canonical header)`.
    public var hash: Hash32 { HashAlgorithm.blake3.hash(canonicalBytes(), tag: .frameHeader) }

    /// The header fields, in order (shared by the frame and its envelope).
    var fields: [CBOR] {
        [
            .unsigned(version), .bytes(source.bytes), .bytes(destination.bytes), .unsigned(nonce), .bytes(ncPrev.bytes),
            tick.cbor,
            .unsigned(kind.rawValue),
        ]
    }

    /// Reads the header fields.
    init(fields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("Frame.version: unsupported version \(version)") }
        source = Hash32(try f.nextBytes("src", count: 32))!
        destination = Hash32(try f.nextBytes("dst", count: 32))!
        nonce = try f.nextUInt("nonce")
        ncPrev = Hash32(try f.nextBytes("ncPrev", count: 32))!
        tick = try f.next("pohTickRef", as: TickRef.self)
        let raw = try f.nextUInt("kind")
        guard let kind = FrameKind(rawValue: raw) else { throw .schema("Frame.kind: unknown kind \(raw)") }
        self.kind = kind
    }
}

extension FrameHeader: CBORCodable {
    /// `[version, src, dst, nonce, ncPrev, [height, tickIndex, tickHash], kind]`.
    public var cborFields: [CBOR] { fields }

    /// Decodes a header.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) { try self.init(fields: &f) }
}
