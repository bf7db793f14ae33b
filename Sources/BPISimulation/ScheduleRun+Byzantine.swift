import BPIBLS
@_spi(Simulation) import BPIConsensus
import BPIHash
@_spi(Simulation) import BPIRules
import BPITypes

/// The Byzantine roles (see `ByzantineRole`). They sign with the validator's real keys outside
/// any double-sign guard, and their messages cross the same faulty network as everyone's.
extension ScheduleRun {
    func signed(_ slot: Int, _ kind: MessageKind, round: UInt64, value: Hash32, payload: [UInt8] = []) -> ConsensusMessage {
        let index = validators[slot].index
        return ConsensusMessage(
            kind: kind, chainID: SimulatedChain.chainID, height: 1, round: round, sender: UInt64(index), value: value,
            payload: payload, signer: chain.identities[index])
    }

    func seal(_ slot: Int, round: UInt64, value: Hash32) -> [UInt8] {
        chain.bls[validators[slot].index].sign(
            Commit.signedMessage(chainID: SimulatedChain.chainID, height: 1, round: round, headerHash: value)
        ).compressed
    }

    /// A Byzantine slot's own instance wants to send `m`: send it, altered or doubled by role.
    mutating func byzantineSend(_ slot: Int, _ m: ConsensusMessage) {
        let v = validators[slot]
        switch v.role {
        case .equivocator? where m.kind == .prePrepare, .duplicateVoter? where m.kind == .prePrepare:
            // Half the validators get the real proposal, the other half another valid block.
            let alternative = chain.block(proposer: v.index, round: m.round, variant: 1)
            allBlocks[alternative.header.hash] = alternative
            validators[slot].blocks[alternative.header.hash] = alternative
            let other = signed(slot, .prePrepare, round: m.round, value: alternative.header.hash, payload: m.payload)
            let halves = validators.indices.filter { $0 != slot }.shuffled(using: &rng)
            send(m, from: slot, to: Array(halves.prefix(halves.count / 2)))
            send(other, from: slot, to: Array(halves.dropFirst(halves.count / 2)))
            log("v\(v.index) equivocates: \(describe(m)) / \(describe(other))")
            if v.role == .duplicateVoter {
                for value in [m.value, other.value] { voteRepeatedly(slot, round: m.round, value: value) }
            }
        case .wrongRoundProposer?
        where m.kind == .prePrepare
            && m.value == chain.block(proposer: v.index, round: m.round, variant: v.variant).header.hash:
            // A header naming a later round it also leads (valid alone, refused by the binding
            // rule), or naming another proposer.
            let wrong =
                rng.chance(0.5)
                ? chain.block(proposer: v.index, round: m.round, namedRound: m.round + UInt64(n))
                : chain.block(proposer: v.index, round: m.round, namedProposer: (v.index + 1) % n)
            allBlocks[wrong.header.hash] = wrong
            validators[slot].blocks[wrong.header.hash] = wrong
            let proposal = signed(slot, .prePrepare, round: m.round, value: wrong.header.hash, payload: m.payload)
            log("v\(v.index) proposes a header naming round \(wrong.header.round), proposer \(wrong.header.proposerIndex)")
            send(proposal, from: slot)
        case .daRootForger?,
            .setForger?
        where m.kind == .prePrepare
            && m.value == chain.block(proposer: v.index, round: m.round, variant: v.variant).header.hash:
            // Its own block, but with a daRoot committing an object no frame announced, or naming
            // as the next set one where it holds nearly all the power.
            let setForger = v.role == .setForger
            let forged = chain.block(
                proposer: v.index, round: m.round, variant: v.variant, forgedDARoot: !setForger, forgedNextSet: setForger)
            allBlocks[forged.header.hash] = forged
            validators[slot].blocks[forged.header.hash] = forged
            log(
                setForger
                    ? "v\(v.index) proposes a header naming a set no vote scheduled, where it holds nearly all the power"
                    : "v\(v.index) proposes a header whose daRoot commits an unannounced object")
            send(signed(slot, .prePrepare, round: m.round, value: forged.header.hash, payload: m.payload), from: slot)
        case .censor?,
            .listEquivocator?
        where m.kind == .prePrepare
            && m.value == chain.block(proposer: v.index, round: m.round, variant: v.variant).header.hash:
            // Its own block, leaving the listed frame out (false reject ground) or answering its other list.
            let play: SimulatedChain.InclusionPlay = v.role == .censor ? .censored : .otherList
            let own = chain.block(proposer: v.index, round: m.round, variant: v.variant, inclusion: play)
            allBlocks[own.header.hash] = own
            validators[slot].blocks[own.header.hash] = own
            log("v\(v.index) proposes a block that \(v.role == .censor ? "censors the listed frame" : "answers another list")")
            send(signed(slot, .prePrepare, round: m.round, value: own.header.hash, payload: m.payload), from: slot)
        case .duplicateVoter? where m.kind == .prepare:
            send(m, from: slot)
            for extra in [[UInt8(1)], [2, 2]] {
                send(signed(slot, .prepare, round: m.round, value: m.value, payload: extra), from: slot)
            }
        default:
            send(m, from: slot)
        }
    }

    /// A Byzantine slot received `m`.
    mutating func byzantineHeard(_ slot: Int, _ m: ConsensusMessage) {
        if validators[slot].heard.count < 600 { validators[slot].heard.append(m) }
        guard m.kind == .prePrepare, m.sender != UInt64(validators[slot].index) else { return }
        switch validators[slot].role {
        case .equivocator?:
            // Votes for every proposal it sees, whatever it voted before in that round.
            send(signed(slot, .prepare, round: m.round, value: m.value), from: slot)
            send(
                signed(slot, .commit, round: m.round, value: m.value, payload: seal(slot, round: m.round, value: m.value)),
                from: slot)
        case .duplicateVoter?:
            voteRepeatedly(slot, round: m.round, value: m.value)
        default: break
        }
    }

    /// PREPAREs for `value` that differ only in payload (each counts again under the
    /// duplicate-votes bug), and a COMMIT with a valid seal.
    private mutating func voteRepeatedly(_ slot: Int, round: UInt64, value: Hash32) {
        for extra in [[UInt8(3)], [4, 4], [5, 5, 5]] {
            send(signed(slot, .prepare, round: round, value: value, payload: extra), from: slot)
        }
        send(signed(slot, .commit, round: round, value: value, payload: seal(slot, round: round, value: value)), from: slot)
    }

    mutating func byzantineTick(_ slot: Int) {
        queue.push(.byzantineTick(slot: slot), at: now + 200)
        guard validators[slot].isUp else { return }
        // Byzantine validators pool their key shares before the height is final (a forger its
        // forged one); fewer than the threshold must reveal nothing.
        if !validators[slot].sharePublished { publishShare(slot) }
        switch validators[slot].role {
        case .replayer?:
            let heard = validators[slot].heard
            for _ in 0..<3 where !heard.isEmpty {
                let m = heard.randomElement(using: &rng)!
                let to = validators.indices.randomElement(using: &rng)!
                guard to != slot else { continue }
                replay(m, from: slot, to: to)
            }
        case .bogusRoundChanger?:
            sendBogusRoundChange(slot)
        case .duplicateVoter?:
            // A "prepare certificate" made of its own PREPAREs, each with another payload.
            let round = validators[slot].instance?.round ?? 0
            let values = Set(validators[slot].heard.filter { $0.kind == .prePrepare }.map(\.value)).sorted {
                $0.bytes.lexicographicallyPrecedes($1.bytes)
            }
            guard let value = values.randomElement(using: &rng) else { break }
            let prepares = (0..<n).map { signed(slot, .prepare, round: round, value: value, payload: [UInt8(1 + $0)]) }
            let payload = RoundChangeJustification.Payload(preparedRound: round, prepares: prepares)
            let m = signed(slot, .roundChange, round: round + 1, value: value, payload: payload.encoded)
            log("v\(validators[slot].index) sends \(describe(m)) backed by its own PREPARE \(n) times")
            send(m, from: slot)
        default: break
        }
    }

    /// A ROUND-CHANGE for a later round claiming a prepared value it cannot back.
    private mutating func sendBogusRoundChange(_ slot: Int) {
        let round = (validators[slot].instance?.round ?? 0) + UInt64.random(in: 1...3, using: &rng)
        let value =
            validators[slot].heard.filter { $0.kind == .prePrepare }.randomElement(using: &rng)?.value
            ?? BLAKE3.hash(Array("bogus \(round)".utf8))
        let own = signed(slot, .prepare, round: round - 1, value: value)
        let realPrepares = validators[slot].heard.filter { $0.kind == .prepare && $0.value == value }
        let payload: RoundChangeJustification.Payload
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: payload = .init(preparedRound: round - 1, prepares: [])
        case 1: payload = .init(preparedRound: round - 1, prepares: Array(repeating: own, count: n))
        case 2: payload = .init(preparedRound: round - 1, prepares: realPrepares)
        default: payload = .init(preparedRound: nil, prepares: [])
        }
        let m = signed(
            slot, .roundChange, round: round, value: payload.preparedRound == nil ? .zero : value, payload: payload.encoded)
        log(
            "v\(validators[slot].index) sends a bogus \(describe(m)) claiming r\(payload.preparedRound.map(String.init) ?? "-") with \(payload.prepares.count) prepares"
        )
        send(m, from: slot)
    }

    /// Replayers send everything they kept to a validator that just restarted.
    mutating func replayTo(_ target: Int) {
        for slot in validators.indices where validators[slot].role == .replayer && validators[slot].isUp {
            log("v\(validators[slot].index) replays \(validators[slot].heard.count) old messages to v\(validators[target].index)")
            var committed = Set<[UInt8]>()
            for m in validators[slot].heard + validators[slot].sent {
                replay(m, from: slot, to: target)
                // It also signs a COMMIT for every proposal it replays (validator 4 of S1).
                if m.kind == .prePrepare, committed.insert(m.value.bytes + [UInt8(truncatingIfNeeded: m.round)]).inserted {
                    let commit = signed(
                        slot, .commit, round: m.round, value: m.value, payload: seal(slot, round: m.round, value: m.value))
                    send(commit, from: slot)
                }
            }
        }
    }

    /// A replayer re-sends an old message `m` to `target` (a PRE-PREPARE with its block).
    private mutating func replay(_ m: ConsensusMessage, from slot: Int, to target: Int) {
        if m.kind == .prePrepare, let block = validators[slot].heardBlocks[m.value] ?? allBlocks[m.value] {
            transmit(.block(to: target, block), from: slot, to: target)
        }
        transmit(.message(to: target, m), from: slot, to: target)
    }
}
