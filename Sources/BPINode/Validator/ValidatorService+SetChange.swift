import BPIFrames
import BPIHash
import BPITypes

/// Validator-set changes (docs/SPEC.md §19): this validator's vote, and the state of the votes.
extension ValidatorService {
    /// The set signing the next height, its votes and changes (`GET /v1/set-change`).
    public func setChange() -> SetChangeView {
        SetChangeView(
            ledger: driver.chain.ledger.setChange, set: set, height: driver.chain.height, index: driver.me)
    }

    /// Casts this validator's vote for `nextSet` to replace the set signing the next height: a
    /// `set-change` frame from its service, through the pool like any frame (the frame rules
    /// check the set). Returns the frame's id.
    public func vote(for nextSet: ValidatorSet) throws(SetChangeVoteError) -> Hash32 {
        guard let index = driver.me else { throw .notInSet }
        let pending = frames.pending
        let id = ServiceName.validator(identityKey: identity.publicKey.bytes).id
        guard driver.chain.ledger.directory[id] != nil, var sender = FrameSender.validator(identity, pending: pending) else {
            throw .notRegistered
        }
        let vote = SetChangeVote(baseSetHash: set.hash, voter: UInt32(index), nextSet: nextSet)
        let frame = sender.setChange(vote, tick: driver.chain.ticks.newest)
        do {
            let frameID = try addFrame(frame, source: "self")
            logger.info(
                "set-change vote sent",
                metadata: ["set": "\(nextSet.hash)", "validators": "\(nextSet.count)", "frame": "\(frameID)"])
            return frameID
        } catch {
            throw .refused(error)
        }
    }
}
