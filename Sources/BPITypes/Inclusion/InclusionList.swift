import BPICodec
import BPIHash

/// The payload of an `inclusion-list` frame (docs/SPEC.md §17.1): frames a committee validator
/// has held pending for at least `InclusionList.minimumAge` blocks, made once height `madeAt` is
/// final. The list carries the frames themselves, not only their ids, so a proposer can never
/// plead that it lacked one; the block after the one carrying the list is bound by it.
public struct InclusionList: Sendable, Equatable {
    /// The last final height when the list was made; the list goes in block `madeAt + 1`.
    public var madeAt: UInt64
    /// The listed frames, distinct.
    public var frames: [Frame]

    /// Creates a list.
    public init(madeAt: UInt64, frames: [Frame]) {
        self.madeAt = madeAt
        self.frames = frames
    }

    /// Most frames one list names.
    public static let maxFrames = 16
    /// Blocks a frame must have waited in a validator's pool before the validator lists it.
    public static let minimumAge: UInt64 = 2

    /// The listed frames' ids, in list order.
    public var frameIDs: [Hash32] { frames.map(\.id) }
}

extension InclusionList: CBORCodable {
    /// `[1, madeAt, [frame…]]`.
    public var cborFields: [CBOR] { [.unsigned(1), .unsigned(madeAt), .array(frames.map(\.cbor))] }

    /// Decodes a list: 1…16 frames.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("InclusionList.version: only version 1 is defined") }
        madeAt = try f.nextUInt("madeAt")
        frames = []
        for item in try f.nextArrayItems("frames", maxCount: Self.maxFrames) { frames.append(try Frame(cbor: item)) }
        guard !frames.isEmpty else { throw .schema("InclusionList.frames: a list names at least one frame") }
    }
}
