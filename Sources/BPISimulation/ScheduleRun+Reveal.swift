import BPIFrames
import BPIHash
import BPIThreshold
import BPITypes

/// Height 1's reveal (docs/SPEC.md §16.4): validators publish their key shares once they have
/// decided; every honest validator takes the shares that verify (one per participant, each in
/// its signer's name), forms the key by the reveal rule and opens the block's encrypted frames.
/// Byzantine validators pool their shares before finality (they may), a share forger publishes a
/// share of another height in its name, a withholder publishes nothing.
extension ScheduleRun {
    /// How long after the synchronous period and the last honest decision every honest
    /// validator has to reveal: one block (a round-0 timeout).
    static let revealBound: UInt64 = 1_000

    /// The share `slot` publishes, by role: its own, a forged one, or none.
    func publishedShare(_ slot: Int) -> DecryptionKeyShare? {
        let index = validators[slot].index
        switch validators[slot].role {
        case .shareWithholder?, .silent?: return nil
        case .shareForger?: return chain.keyEpoch.forgedShare(of: index)
        default: return chain.keyEpoch.share(of: index)
        }
    }

    /// `slot` publishes its key share to every other slot (and takes its own).
    mutating func publishShare(_ slot: Int) {
        guard let share = publishedShare(slot) else {
            if !validators[slot].sharePublished { log("v\(validators[slot].index) withholds its key share") }
            validators[slot].sharePublished = true
            return
        }
        if !validators[slot].sharePublished {
            log(
                "v\(validators[slot].index) publishes key share \(share.index)\(firstDecision == nil ? " before height 1 is final" : "")"
            )
        }
        validators[slot].sharePublished = true
        if firstDecision == nil { checkEarlyReveal(share) }
        for to in validators.indices where to != slot {
            transmit(.keyShare(to: to, share, from: validators[slot].index), from: slot, to: to)
        }
        receiveShare(share, from: validators[slot].index, at: slot)
    }

    /// A key share published by validator `from` reaches `slot`: an honest validator keeps it if
    /// it is in its signer's name, verifies and is new, then tries to reveal.
    mutating func receiveShare(_ share: DecryptionKeyShare, from: Int, at slot: Int) {
        guard validators[slot].isUp, validators[slot].isHonest, validators[slot].revealedAt == nil else { return }
        guard !validators[slot].keyShares.contains(where: { $0.index == share.index }) else { return }
        guard Int(share.index) == from + 1, chain.keyEpoch.verifies(share) else {
            outcome.refusedShares += 1
            log("v\(validators[slot].index)/\(slot) refuses key share \(share.index) from v\(from): it does not verify")
            return
        }
        validators[slot].keyShares.append(share)
        tryReveal(slot)
    }

    /// An honest validator that has decided forms the key from its shares, if the reveal rule
    /// (with the run's bugs) gives one, and opens the decided block's encrypted frames; the
    /// decryption property checks each opening.
    mutating func tryReveal(_ slot: Int) {
        guard validators[slot].isHonest, validators[slot].revealedAt == nil, let value = decided[slot]?.value,
            let key = chain.keyEpoch.reveal(validators[slot].keyShares, bugs: bugs)
        else { return }
        validators[slot].revealedAt = now
        outcome.reveals += 1
        let from = validators[slot].keyShares.map { Int($0.index) }
        log("v\(validators[slot].index)/\(slot) reveals height 1's key from shares \(from)")
        let openings = chain.keyEpoch.openings(with: key)
        for frame in allBlocks[value]?.frames ?? [] where frame.header.kind == .encrypted {
            guard let expected = chain.keyEpoch.expected[frame.id] else {
                violate(
                    .decryption, "unknown-frame", "the decided block carries an encrypted frame \(frame.id) nobody sealed")
                return
            }
            guard openings[frame.id] == expected else {
                violate(
                    .decryption, "wrong-opening",
                    "validator \(validators[slot].index) revealed height 1's key from shares \(from), and encrypted frame "
                        + "\(short(frame.id)) opened as \(describe(openings[frame.id])) where it must be \(describe(expected))")
                return
            }
        }
    }

    /// Before any honest validator decides, the shares published so far (by Byzantine
    /// validators pooling theirs) must not form height 1's key under the honest rule.
    mutating func checkEarlyReveal(_ share: DecryptionKeyShare) {
        guard chain.keyEpoch.verifies(share), !earlyShares.contains(where: { $0.index == share.index }) else { return }
        earlyShares.append(share)
        if let key = chain.keyEpoch.reveal(earlyShares, bugs: []),
            chain.keyEpoch.frames.allSatisfy({ chain.keyEpoch.openings(with: key)[$0.id] == chain.keyEpoch.expected[$0.id] })
        {
            violate(
                .decryption, "early-reveal",
                "shares \(earlyShares.map(\.index)) published before height 1 was final reveal its key: its encrypted "
                    + "frames are readable before their order is final")
        }
    }

    /// Whether every honest validator has revealed; if not once the bound has passed, a violation.
    mutating func revealStalled() -> Bool {
        guard let bound = revealDeadline, now > bound else { return false }
        let waiting = honestSlots.filter { validators[$0].revealedAt == nil }
        violate(
            .decryption, "reveal-stall",
            "validators \(waiting.map { validators[$0].index }) had not revealed height 1's key \(Self.revealBound) ms after "
                + "the synchronous period and the last decision (shares held: \(waiting.map { validators[$0].keyShares.map(\.index) }))"
        )
        return true
    }

    private func describe(_ opening: FrameOpening?) -> String {
        switch opening {
        case .opened(let bytes)?: "opened to \"\(String(decoding: bytes, as: UTF8.self))\""
        case .undecryptable?: "undecryptable"
        case nil: "not opened"
        }
    }
}
