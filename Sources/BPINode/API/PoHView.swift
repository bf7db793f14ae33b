import BPICodec
import BPIHash
import BPIPoH
import BPITypes

/// A finalized block's Proof-of-History tick list (`GET /v1/blocks/{height}/poh`, docs/SPEC.md
/// §11.2): what a client needs to replay it — the seed it starts from, the records, the block's
/// frame ids and the nonce-chain values it mixes in — next to the roots the header commits to.
public struct PoHView: Codable, Sendable, Equatable {
    /// One record, hex.
    public struct Record: Codable, Sendable, Equatable {
        public var start: String
        public var hashes: UInt64
        /// The mixed-in event (a frame id), absent for a clock tick.
        public var mixin: String?
        public var end: String
    }

    public var height: UInt64
    /// The previous header's VRF output (the genesis hash at height 1), hex.
    public var seed: String
    public var pohRoot: String
    public var framesRoot: String
    public var hashesPerTick: UInt64
    public var ticksPerBlock: UInt64
    public var records: [Record]
    /// The block's frame ids (leaves under `framesRoot`), in block order.
    public var frames: [String]
    /// Each frame's nonce-chain value: the events the records mix in, in the same order.
    public var events: [String]

    /// The view of `entry`, whose chain starts from `seed`.
    public init(_ entry: ChainEntry, seed: [UInt8], parameters: PoHParameters = .standard) {
        height = entry.header.height
        self.seed = Hex.encode(seed)
        pohRoot = entry.header.pohRoot.description
        framesRoot = entry.header.framesRoot.description
        hashesPerTick = parameters.hashesPerTick
        ticksPerBlock = parameters.ticksPerBlock
        records = entry.poh.map {
            Record(start: $0.start.description, hashes: $0.hashes, mixin: $0.mixin?.description, end: $0.end.description)
        }
        frames = entry.frames.map(\.id.description)
        events = entry.frames.map { NonceChain.value(after: $0.header).description }
    }
}
