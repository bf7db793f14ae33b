import BPICrypto
import BPITypes

/// The proposer rule of a header (docs/SPEC.md §7.6): the seed chain selects the proposer of its
/// height and round, and the header carries that validator's VRF proof over the height's input,
/// whose output becomes the next seed. One check for the light client and for validators.
public enum ProposerProof {
    /// Why a header's proposer fields are wrong.
    public enum Failure: Error, Equatable, Sendable {
        /// Another validator than the selected one is named.
        case wrongProposer(named: UInt64, selected: Int)
        /// The VRF proof or output does not verify under the selected validator's key.
        case badVRF
    }

    /// Checks `header` against the previous seed and the set that signs it.
    public static func check(
        _ header: Header, previousSeed seed: [UInt8], set: ValidatorSet, vrfKey: (Int) -> ECVRF.PublicKey? = { _ in nil }
    ) -> Failure? {
        let expected = ProposerSelection.proposer(seed: seed, height: header.height, round: header.round, set: set)
        guard header.proposerIndex == UInt64(expected) else {
            return .wrongProposer(named: header.proposerIndex, selected: expected)
        }
        let alpha = ProposerSelection.vrfInput(chainID: header.chainID, height: header.height, previousSeed: seed)
        guard let key = vrfKey(expected) ?? (try? ECVRF.PublicKey(set.validators[expected].vrfKey)),
            let beta = try? ECVRF.verify(publicKey: key, alpha: alpha, proof: header.vrfProof), beta == header.vrfOutput
        else { return .badVRF }
        return nil
    }
}
