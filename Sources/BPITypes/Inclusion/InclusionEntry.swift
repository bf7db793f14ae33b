import BPICodec
import BPIHash

/// One obligation of a block and what became of it (docs/SPEC.md §17.2): a frame some inclusion
/// list of the previous block named, and whether this block carries it or which reject ground
/// holds. A block's entries, in obligation order, are what its `inclusionRoot` commits to.
public struct InclusionEntry: Sendable, Equatable, Hashable {
    /// The listed frame's id.
    public var frameID: Hash32
    /// Included, or the reject ground.
    public var outcome: InclusionOutcome

    /// Creates an entry.
    public init(frameID: Hash32, outcome: InclusionOutcome) {
        self.frameID = frameID
        self.outcome = outcome
    }

    /// Most obligations one block can have (16 lists of 16 frames).
    public static let maxPerBlock = 256

    /// The count-bound Merkle root over the entries' canonical encodings (what `inclusionRoot`
    /// must be; the empty root for a block without obligations).
    public static func root(_ entries: [InclusionEntry]) -> Hash32 { Merkle.root(leaves: entries.map { $0.canonicalBytes() }) }
}

extension InclusionEntry: CBORCodable {
    /// `[frameID, outcome]`.
    public var cborFields: [CBOR] { [.bytes(frameID.bytes), .unsigned(outcome.rawValue)] }

    /// Decodes an entry; an unknown outcome is refused.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        frameID = Hash32(try f.nextBytes("frameID", count: 32))!
        let code = try f.nextUInt("outcome")
        guard let outcome = InclusionOutcome(rawValue: code) else {
            throw .schema("InclusionEntry.outcome: unknown outcome \(code)")
        }
        self.outcome = outcome
    }
}
