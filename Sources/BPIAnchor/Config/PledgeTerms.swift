/// What a validator pledges for one L1 (`pledge` in an `anchors.json` L1 entry; docs/SPEC.md
/// §18.11): each anchored header's anchor lands within `deadlineSeconds` of the header's
/// timestamp, for heights from `fromHeight` on, counting anchors in L1 blocks from `l1FromBlock` on.
/// The node signs them, with the L1, contract, poster and `every`, as an `AnchorPledge`.
public struct PledgeTerms: Sendable, Equatable {
    public var deadlineSeconds: UInt64
    public var fromHeight: UInt64
    public var l1FromBlock: UInt64

    public init(deadlineSeconds: UInt64, fromHeight: UInt64, l1FromBlock: UInt64) {
        self.deadlineSeconds = deadlineSeconds
        self.fromHeight = fromHeight
        self.l1FromBlock = l1FromBlock
    }
}
