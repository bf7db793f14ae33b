import BPITypes

/// What the threshold and inclusion rules need to know about the chain beside its frames
/// (docs/SPEC.md §16.5, §17.1): its id (in every identity and session), the validator set signing
/// the block being checked (a key generation's committee is the set at its first height) and the
/// block's seed with the genesis committee size (which validators may list).
public struct ThresholdContext: Sendable {
    /// The chain's id.
    public var chainID: String
    /// The set signing the block at the height being checked.
    public var validators: ValidatorSet

    /// The seed of the block being checked: the VRF output of the last final header (or the
    /// genesis hash). It picks the inclusion committee (§17.1).
    public var seed: [UInt8]
    /// The genesis inclusion committee size.
    public var inclusionCommitteeSize: UInt64

    /// Creates a context.
    public init(
        chainID: String, validators: ValidatorSet, seed: [UInt8] = [],
        inclusionCommitteeSize: UInt64 = Genesis.standardInclusionCommitteeSize
    ) {
        self.chainID = chainID
        self.validators = validators
        self.seed = seed
        self.inclusionCommitteeSize = inclusionCommitteeSize
    }
}
