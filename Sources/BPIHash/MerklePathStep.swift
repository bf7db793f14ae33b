/// What happens to a node on its way from a leaf to the top, one step per level.
public enum MerklePathStep: Sendable, Equatable {
    /// The sibling is on the left: `parent = H(0x01 ‖ sibling ‖ node)`.
    case siblingOnLeft
    /// The sibling is on the right: `parent = H(0x01 ‖ node ‖ sibling)`.
    case siblingOnRight
    /// The node is the odd last one of its level: `parent = H(0x01 ‖ node ‖ node)`; no sibling in the proof.
    case pairedWithSelf

    /// The steps from leaf `index` of a `count`-leaf tree to its top (precondition: index < count).
    public static func path(index: UInt64, count: UInt64) -> [MerklePathStep] {
        var steps: [MerklePathStep] = []
        var position = index
        var width = count
        while width > 1 {
            if position % 2 == 1 {
                steps.append(.siblingOnLeft)
            } else if position + 1 < width {
                steps.append(.siblingOnRight)
            } else {
                steps.append(.pairedWithSelf)
            }
            position /= 2
            width = (width + 1) / 2
        }
        return steps
    }
}
