import BPIBLS

/// The public record of one key generation, in the order the chain finalized its messages, and
/// the deterministic rule that turns it into the epoch key (docs/SPEC.md §16.2). Every validator
/// — and any observer of the chain — evaluates the same transcript to the same outcome; no
/// secret is needed.
///
/// Rules: a dealing must fit the committee (`DKGDealing.validate`); a dealer's second, different
/// dealing disqualifies it (equivocation). A complaint counts when it names a dealer that dealt
/// and comes from another participant. A complaint is resolved by any justification from the
/// dealer whose share verifies against the dealer's commitment; a dealer with an unresolved
/// complaint is disqualified. The qualified set is every dealer that dealt and was not
/// disqualified; key generation fails when fewer than `threshold` qualify.
public struct DKGTranscript: Sendable, Equatable {
    /// The committee.
    public let parameters: ThresholdParameters
    /// Dealings by dealer (the first one each dealer sent).
    public private(set) var dealings: [UInt32: DKGDealing] = [:]
    /// Dealers disqualified so far, with the reason.
    public private(set) var disqualified: [UInt32: String] = [:]
    /// Complaints that count, in arrival order.
    public private(set) var complaints: [DKGComplaint] = []
    /// Valid justifications, by the complaint they resolve.
    public private(set) var justifications: [DKGComplaint: DKGJustification] = [:]

    /// An empty transcript.
    public init(parameters: ThresholdParameters) { self.parameters = parameters }

    /// Records a dealing; throws (and records nothing) when it does not fit the committee.
    public mutating func add(_ dealing: DKGDealing) throws(ThresholdError) {
        try dealing.validate(for: parameters)
        if let first = dealings[dealing.dealer] {
            if first != dealing { disqualified[dealing.dealer] = "sent two different dealings" }
            return
        }
        dealings[dealing.dealer] = dealing
    }

    /// Records a complaint; throws when it is malformed or names a dealer that has not dealt.
    public mutating func add(_ complaint: DKGComplaint) throws(ThresholdError) {
        try complaint.validate(for: parameters)
        guard dealings[complaint.dealer] != nil else {
            throw .invalidEncoding("complaint against dealer \(complaint.dealer), which has not dealt")
        }
        if !complaints.contains(complaint) { complaints.append(complaint) }
    }

    /// Records a justification; throws when it answers no recorded complaint or its share does not
    /// verify (the complaint then stays unresolved).
    public mutating func add(_ justification: DKGJustification) throws(ThresholdError) {
        let complaint = justification.complaint
        guard complaints.contains(complaint), let dealing = dealings[justification.dealer] else {
            throw .invalidEncoding(
                "justification by dealer \(justification.dealer) answers no complaint of \(justification.complainer)")
        }
        guard dealing.commitment.verifies(share: justification.share, for: justification.complainer) else {
            throw .invalidEncoding(
                "dealer \(justification.dealer)'s justification for \(justification.complainer) does not match its commitment")
        }
        justifications[complaint] = justification
    }

    /// The dealers that qualify, ascending.
    public var qualified: [UInt32] {
        let unresolved = Set(complaints.filter { justifications[$0] == nil }.map(\.dealer))
        return dealings.keys.filter { disqualified[$0] == nil && !unresolved.contains($0) }.sorted()
    }

    /// Every dealer that dealt but does not qualify, with why.
    public var excluded: [(dealer: UInt32, reason: String)] {
        let q = Set(qualified)
        return dealings.keys.filter { !q.contains($0) }.sorted().map { d in
            (d, disqualified[d] ?? "left a complaint unanswered or answered it with a share that does not verify")
        }
    }

    /// The epoch key the transcript determines: the sum of the qualified dealers' commitments gives
    /// the master key (C_0) and each participant's public share (evaluated at its index).
    public func epochKey() throws(ThresholdError) -> EpochPublicKey {
        let q = qualified
        guard q.count >= parameters.threshold else { throw .keyGenerationFailed(qualified: q.count, need: parameters.threshold) }
        let total = FeldmanCommitment.sum(q.map { dealings[$0]!.commitment })
        let shareKeys = (1...parameters.n).map { total.evaluate(at: UInt32($0)) }
        return try EpochPublicKey(threshold: parameters.threshold, masterKey: total.constant, shareKeys: shareKeys)
    }
}
