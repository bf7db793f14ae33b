import BPICodec
import BPITypes

/// What `GET /v1/inclusion/{height}` answers (docs/SPEC.md §17): the obligations the block at
/// `height` was bound by — the frames the inclusion lists of the block before named — what became
/// of each (the entries its `inclusionRoot` commits to), and the lists themselves.
public struct InclusionView: Codable, Sendable, Equatable {
    /// One obligation and its outcome.
    public struct Entry: Codable, Sendable, Equatable {
        public var frame: String
        public var outcome: String

        /// The view of an entry.
        public init(_ entry: InclusionEntry) {
            frame = entry.frameID.description
            outcome = "\(entry.outcome)"
        }
    }
    /// One inclusion list carried by the block before.
    public struct List: Codable, Sendable, Equatable {
        /// The list frame's id.
        public var id: String
        /// The listing validator's service id.
        public var author: String
        /// The height it was made at.
        public var madeAt: UInt64
        /// The listed frames' ids.
        public var frames: [String]
    }

    /// The block bound.
    public var height: UInt64
    /// Its header's `inclusionRoot`.
    public var inclusionRoot: String
    /// The entries, in obligation order (their root is `inclusionRoot`).
    public var entries: [Entry]
    /// The entries as canonical CBOR (`[entry…]`), hex, for checking against `inclusionRoot`.
    public var cbor: String
    /// The lists of the block at `height − 1`.
    public var lists: [List]

    /// The view of `entries` for the block with `header`, whose predecessor carried `previous`.
    public init(header: Header, entries: [InclusionEntry], previous: [Frame]) {
        height = header.height
        inclusionRoot = header.inclusionRoot.description
        self.entries = entries.map(Entry.init)
        cbor = Hex.encode((try? CBOREncoder.encode(.array(entries.map(\.cbor)))) ?? [])
        lists = previous.compactMap { frame in
            guard frame.header.kind == .inclusionList, let list = try? InclusionList(canonicalBytes: frame.sealedPayload) else {
                return nil
            }
            return List(
                id: frame.id.description, author: frame.header.source.description, madeAt: list.madeAt,
                frames: list.frameIDs.map(\.description))
        }
    }
}
