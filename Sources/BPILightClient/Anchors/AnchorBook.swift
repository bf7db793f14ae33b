/// The confirmed anchors a light client holds, one per height (docs/SPEC.md §18.7). Two anchors
/// at one height that disagree are refused when the book is built: the trusted posters (or the
/// L1s) contradict each other, and no chain can be judged against them.
public struct AnchorBook: Sendable, Equatable {
    private var byHeight: [UInt64: L1Anchor] = [:]

    /// No anchors: the light client judges by commits alone.
    public static let empty = AnchorBook()

    private init() {}

    /// Indexes `anchors` by height; the same anchor twice (two L1s agreeing) is kept once.
    public init(_ anchors: [L1Anchor]) throws(AnchorConflict) {
        for anchor in anchors {
            if let held = byHeight[anchor.height] {
                guard held.headerHash == anchor.headerHash, held.validatorSetHash == anchor.validatorSetHash else {
                    throw AnchorConflict(first: held, second: anchor)
                }
                continue
            }
            byHeight[anchor.height] = anchor
        }
    }

    /// The anchor at `height`, if any.
    public subscript(height: UInt64) -> L1Anchor? { byHeight[height] }

    /// How many heights are anchored.
    public var count: Int { byHeight.count }

    /// Whether there are none.
    public var isEmpty: Bool { byHeight.isEmpty }

    /// The highest anchored height (0 without anchors).
    public var highest: UInt64 { byHeight.keys.max() ?? 0 }

    /// The anchored heights at or above `height`, lowest first.
    public func heights(from height: UInt64) -> [UInt64] { byHeight.keys.filter { $0 >= height }.sorted() }
}
