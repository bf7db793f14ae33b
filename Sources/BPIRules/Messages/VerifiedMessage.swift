import BPITypes

/// A consensus message whose Ed25519 signature was checked against its sender's identity key in a
/// validator set. The only way to make one is to check the signature (`init?(_:signedIn:)`), so
/// a function taking a `VerifiedMessage` knows the check happened once, on receipt, and need not
/// repeat it: the validator checks each message it receives once and hands the result to the
/// equivocation detector and the IBFT instance.
public struct VerifiedMessage: Sendable, Equatable {
    /// The message.
    public let message: ConsensusMessage

    /// Checks `m`'s signature against the identity key of its sender in `set`; nil when the
    /// sender is not in `set`, its key does not parse, or the signature is not valid.
    public init?(_ m: ConsensusMessage, signedIn set: ValidatorSet) {
        guard m.sender < UInt64(set.count), let key = set.identityKeys[Int(m.sender)], m.isSigned(by: key) else {
            return nil
        }
        message = m
    }

    /// A message already checked by this module (a `MessageVerifier` remembering it).
    init(unchecked m: ConsensusMessage) { message = m }
}
