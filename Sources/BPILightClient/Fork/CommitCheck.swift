import BPIBLS
import BPIRules
import BPITypes

/// The checks every commit gets before its signature (docs/SPEC.md §8): its bitmap fits the set,
/// its signers hold more than two thirds of the power, its signature decodes. One implementation
/// for the light client and for fork evidence. (That the commit names the right header is the
/// caller's check: a header's light client binds it to the header, fork evidence to a height.)
enum CommitCheck {
    /// What the signature check then needs.
    struct Checked {
        let signers: [Int]
        let message: [UInt8]
        let signature: BLSSignature
    }

    static func structure(_ commit: Commit, chainID: String, set: ValidatorSet) throws(LightClientError) -> Checked {
        let (signers, message) = try quorum(commit, chainID: chainID, set: set)
        guard let signature = try? BLSSignature(compressed: commit.aggregateSignature) else {
            throw .badSignature(height: commit.height)
        }
        return Checked(signers: signers, message: message, signature: signature)
    }

    /// The checks before the signature's decoding (a batch decodes it in the background): the
    /// signers and the signed message.
    static func quorum(_ commit: Commit, chainID: String, set: ValidatorSet) throws(LightClientError) -> (
        signers: [Int], message: [UInt8]
    ) {
        let h = commit.height
        let signers: [Int]
        do {
            signers = try commit.signers.signers(count: set.count)
        } catch {
            throw .badBitmap(height: h, error.description)
        }
        let signed = Quorum.power(of: signers, in: set)
        let total = set.totalPower
        guard Quorum.isSuperMajority(signed: signed, total: total) else {
            throw .belowQuorum(height: h, signed: signed, total: total)
        }
        return (signers, Commit.signedMessage(chainID: chainID, height: h, round: commit.round, headerHash: commit.headerHash))
    }

    /// The whole check with the signers' keys summed: returns the signers.
    static func verify(_ commit: Commit, chainID: String, set: ValidatorSet, keys: [BLSPublicKey]) throws(LightClientError)
        -> [Int]
    {
        let checked = try structure(commit, chainID: chainID, set: set)
        let aggregate = checked.signers.reduce(G2Point.infinity) { $0 + keys[$1].point }
        guard BLS.verify(aggregateKey: aggregate, message: checked.message, signature: checked.signature) else {
            throw .badSignature(height: commit.height)
        }
        return checked.signers
    }
}
