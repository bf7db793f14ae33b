import BPICodec
import BPIHash
import BPIPoH
import BPITypes

/// A finalized frame as the API shows it: where it is, its header fields, and its canonical bytes.
public struct FrameView: Codable, Sendable, Equatable {
    public var id: String
    public var height: UInt64
    public var index: Int
    public var source: String
    public var destination: String
    public var nonce: UInt64
    public var kind: String
    /// The sender's nonce-chain value after this frame (the block's PoH event for it).
    public var chain: String
    /// The canonical frame, hex.
    public var frame: String

    /// The view of `frame`, frame `index` of block `height`.
    public init(_ frame: Frame, height: UInt64, index: Int) {
        id = frame.id.description
        self.height = height
        self.index = index
        source = frame.header.source.description
        destination = frame.header.destination.description
        nonce = frame.header.nonce
        kind = frame.header.kind.description
        chain = NonceChain.value(after: frame).description
        self.frame = Hex.encode(frame.canonicalBytes())
    }
}

/// What `GET /v1/frames/{id}` answers: where a frame was finalized, with its Merkle inclusion proof
/// (its id is the leaf) against that header's `framesRoot` — check it against a header the light
/// client verified (`bpi frame verify-proof`) — or that it is still pending.
public struct FrameLocationView: Codable, Sendable {
    /// The frame id (its envelope's Merkle leaf hash), hex.
    public var id: String
    /// `finalized` or `pending`.
    public var status: String
    public var height: UInt64?
    public var index: Int?
    /// Frames in that block (the proof's leaf count).
    public var count: Int?
    /// Sibling hashes from the leaf up, hex.
    public var siblings: [String]?
    /// The header's frames_root the proof leads to, hex.
    public var framesRoot: String?
    /// The header's hash, hex.
    public var headerHash: String?
    /// The canonical frame, hex.
    public var frame: String?

    /// A location.
    public init(
        id: String, status: String, height: UInt64? = nil, index: Int? = nil, count: Int? = nil, siblings: [String]? = nil,
        framesRoot: String? = nil, headerHash: String? = nil, frame: String? = nil
    ) {
        self.id = id
        self.status = status
        self.height = height
        self.index = index
        self.count = count
        self.siblings = siblings
        self.framesRoot = framesRoot
        self.headerHash = headerHash
        self.frame = frame
    }
}

/// A tick reference in JSON (what a sender puts in its next frame).
public struct TickView: Codable, Sendable, Equatable {
    public var height: UInt64
    public var tickIndex: UInt64
    public var tickHash: String

    /// The view of `tick`.
    public init(_ tick: TickRef) {
        height = tick.height
        tickIndex = tick.tickIndex
        tickHash = tick.tickHash.description
    }

    /// The reference.
    public var ref: TickRef? { Hash32(hex: tickHash).map { TickRef(height: height, tickIndex: tickIndex, tickHash: $0) } }
}
