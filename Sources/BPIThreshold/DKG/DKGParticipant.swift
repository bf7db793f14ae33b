import BPIBLS
import BPICrypto

/// A participant's side of key generation: opens its boxes, complains about the ones that do not
/// verify, and at the end sums its shares from the qualified dealers into its epoch secret share
/// (docs/SPEC.md §16.2).
public struct DKGParticipant: Sendable {
    /// The committee.
    public let parameters: ThresholdParameters
    /// This participant's index.
    public let index: UInt32
    /// Its X25519 secret (its identity key's Montgomery form).
    let secret: SecretBytes

    /// A participant with its X25519 secret.
    public init(parameters: ThresholdParameters, index: UInt32, secret: SecretBytes) throws(ThresholdError) {
        try parameters.check(index: index)
        self.parameters = parameters
        self.index = index
        self.secret = secret
    }

    /// The share in `dealing` for this participant, if its box opens and matches the commitment.
    public func share(in dealing: DKGDealing) -> Fr? {
        guard let s = DKGShareBox.open(dealing, recipient: index, secret: secret, session: parameters.session),
            dealing.commitment.verifies(share: s, for: index)
        else { return nil }
        return s
    }

    /// The complaint this participant must publish about `dealing`, or nil when its share verifies.
    public func complaint(about dealing: DKGDealing) -> DKGComplaint? {
        guard dealing.dealer != index, share(in: dealing) == nil else { return nil }
        return DKGComplaint(dealer: dealing.dealer, complainer: index)
    }

    /// The epoch secret share: Σ over qualified dealers of this participant's share (from its box,
    /// or from the dealer's public justification). Checked against the public share the transcript
    /// derives; throws when a qualified dealer's share is unavailable (this participant did not
    /// complain in time) or the sum does not match.
    public func secretShare(from transcript: DKGTranscript) throws(ThresholdError) -> EpochSecretShare {
        let key = try transcript.epochKey()
        var sum = Fr.zero
        for d in transcript.qualified {
            let dealing = transcript.dealings[d]!
            if let j = transcript.justifications[DKGComplaint(dealer: d, complainer: index)] {
                sum = sum + j.share
            } else if let s = share(in: dealing) {
                sum = sum + s
            } else {
                throw .secretShareMismatch(index)
            }
        }
        let share = EpochSecretShare(index: index, scalar: sum)
        guard G2Point.generator.multiplied(by: sum) == key.shareKeys[Int(index) - 1] else { throw .secretShareMismatch(index) }
        return share
    }
}
