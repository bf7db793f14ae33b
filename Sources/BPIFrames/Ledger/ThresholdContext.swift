import BPITypes

/// What the threshold rules need to know about the chain beside its frames (docs/SPEC.md §16.5):
/// its id (in every identity and session) and the validator set signing the block being checked
/// (a key generation's committee is the set at its first height).
public struct ThresholdContext: Sendable {
    /// The chain's id.
    public var chainID: String
    /// The set signing the block at the height being checked.
    public var validators: ValidatorSet

    /// Creates a context.
    public init(chainID: String, validators: ValidatorSet) {
        self.chainID = chainID
        self.validators = validators
    }
}
