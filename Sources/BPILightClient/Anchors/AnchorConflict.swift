/// Two confirmed anchors name different headers at one height.
public struct AnchorConflict: Error, Equatable, Sendable, CustomStringConvertible {
    public let first: L1Anchor
    public let second: L1Anchor

    public var description: String {
        "the anchors disagree at height \(first.height): \(first.source) anchored \(first.headerHash.hex), "
            + "\(second.source) anchored \(second.headerHash.hex); a trusted poster or L1 is wrong, so neither can judge a chain"
    }
}
