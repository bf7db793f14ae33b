import BPIConsensus
import BPIHash
import BPIRules
import BPITypes

/// Driving the IBFT instance of the height being decided: starting it, feeding it checked
/// messages, carrying out what it outputs (every message it outputs is already in the sign
/// state), and turning its decision into a stored, verified block.
extension ConsensusDriver {
    /// Whether this validator and the `connected` peers hold more than two thirds of the power.
    public func hasQuorum(connected: Set<[UInt8]>) -> Bool {
        let me = self.me
        let indices = set.validators.indices.filter { $0 == me || connected.contains(set.validators[$0].identityKey) }
        return Quorum.isSuperMajority(signed: Quorum.power(of: indices, in: set), total: set.totalPower)
    }

    mutating func startHeight(_ h: UInt64, connected: Set<[UInt8]>, frames: [Frame]) {
        guard h == height, round.instance == nil else { return }
        // A validator outside the signing set follows by sync: each stored block schedules the next height's start.
        guard let me else { return }
        // No proposal or timer runs until this validator and its connected peers hold a quorum of
        // the power: the first header waits for the mesh to form rather than for round changes.
        guard hasQuorum(connected: connected) else {
            emit(.schedule(.startHeight(h), afterMilliseconds: 100))
            return
        }
        var instance = IBFTInstance(
            chainID: chainID, height: h, set: set, seed: chain.seed, me: me, identity: keys.identity, blsKey: keys.bls,
            signState: signState)
        instance.baseTimeout = config.baseTimeoutMilliseconds
        instance.timeoutIncrement = config.timeoutIncrementMilliseconds
        let builder = proposalBuilder(frames: frames, proposer: me)
        let staged = signState
        let out = instance.start(proposingFor: { builder($0).header.hash }, holds: { staged.stagedBlock($0) != nil })
        round.begin(instance, proposal: builder)
        // Nothing the instance resumed with is sent before the block of its lock is back and valid.
        guard restoreLockedBlock(of: instance) else { return }
        for (hash, block) in futureBlocks where block.header.height == h { accept(block, hash: hash) }
        futureBlocks = futureBlocks.filter { $0.value.header.height > h }
        process(out)
        for m in future.take(height: h) { deliver(m) }
    }

    mutating func timeout(height h: UInt64, round r: UInt64) {
        guard h == height, var instance = round.instance else { return }
        let out = instance.timeout(round: r)
        round.instance = instance
        process(out)
    }

    /// Runs the instance's outputs, looping this validator's own messages back into it.
    mutating func process(_ outputs: [IBFTOutput]) {
        var queue = outputs[...]
        while let output = queue.popFirst() {
            switch output {
            case .broadcast(let m):
                // The instance recorded `m` in the sign state before handing it out.
                if m.kind == .prePrepare, let block = round.blocks[m.value] ?? round.ownProposal?(m.round),
                    block.header.hash == m.value
                {
                    round.blocks[m.value] = block
                    signState.stage(block)
                    send(.proposal(block))
                }
                send(.consensus(m))
                guard var instance = round.instance else { continue }
                let more = instance.receive(m)
                round.instance = instance
                queue.append(contentsOf: more)
            case .scheduleTimeout(let r, let ms):
                emit(.schedule(.timeout(height: height, round: r), afterMilliseconds: ms))
                report(.round(height: height, round: r))
            case .decided(let value, let commit):
                finalize(value: value, commit: commit)
                return
            case .refusedToSign(let m):
                report(.refusedToSign(m))
            case .halt(let reason):
                stop(.safety(reason))
                return
            }
        }
    }

    /// After a restart in the middle of a height, brings back the block the resumed `instance` is
    /// locked on (the sign state keeps it with the lock and staged it when the instance loaded it),
    /// so the validator can re-propose it. False (and the driver stopped) when that block is
    /// missing or not valid here.
    private mutating func restoreLockedBlock(of instance: IBFTInstance) -> Bool {
        guard let lock = instance.preparedCertificate else { return true }
        guard let block = signState.stagedBlock(lock.value), block.header.hash == lock.value, invalidity(of: block) == nil
        else {
            stop(.safety("the block of the stored lock at height \(instance.height) is missing or no longer valid"))
            return false
        }
        round.blocks[lock.value] = block
        report(.resumed(height: instance.height, round: instance.round, lockedRound: lock.round))
        return true
    }

    /// A consensus message, checked on receipt: its signature once (the verified message is what
    /// everything after sees), evidence if it equivocates; kept (boundedly) when it is for a later
    /// height; otherwise given to the instance.
    mutating func receiveConsensus(_ m: ConsensusMessage, from peer: [UInt8]?) {
        // Cheap checks first: another chain, heights far ahead or long decided cost no signature
        // check (the previous height's messages still feed the equivocation detector).
        guard m.chainID == chainID, m.height <= height || m.height - height <= FutureMessages.maxHeightsAhead else {
            report(.refused(what: "consensus message", height: m.height, reason: nil))
            return
        }
        guard m.height >= height - 1 else { return }
        if verifierSetVersion != chain.setVersion {
            verifier = MessageVerifier(set: set)
            evidence.rotate(chainID: chainID, set: set)
            verifierSetVersion = chain.setVersion
        }
        guard let verified = verifier.verify(m) else {
            report(.refused(what: "consensus message", height: m.height, reason: nil))
            return
        }
        do {
            if let e = try evidence.observe(verified, store: store, seenAt: height) { report(.evidence(e)) }
        } catch {
            report(.evidenceNotStored("\(error)"))
        }
        if m.height > height || (m.height == height && round.instance == nil) {
            if future.add(verified, currentHeight: height) {
                if m.height > height, let peer { requestSync(from: peer) }
            } else {
                report(.refused(what: "consensus message", height: m.height, reason: nil))
            }
            return
        }
        deliver(verified)
    }

    /// Gives a verified message of the current height to the instance — a PRE-PREPARE only once
    /// its block is held, valid and bound to it; a PREPARE only once its block is held, since a
    /// quorum of them makes this validator lock the value and COMMIT, and a lock is stored with
    /// its block (to re-propose it after a restart). A validator restarted after its PREPARE,
    /// whose block was only in memory, so waits for the block (re-sent by its proposer, or by
    /// the next round's leader re-proposing the locked value) instead of halting.
    mutating func deliver(_ verified: VerifiedMessage) {
        let m = verified.message
        guard m.height == height, var instance = round.instance else { return }
        if m.kind == .prePrepare || m.kind == .prepare {
            guard let block = round.blocks[m.value] else {
                round.await(verified)
                return
            }
            if m.kind == .prePrepare, let violation = ProposalBinding.violation(header: block.header, prePrepare: m) {
                report(.refused(what: "PRE-PREPARE", height: m.height, reason: "round \(m.round): \(violation)"))
                return
            }
        }
        let out = instance.receive(verified)
        round.instance = instance
        process(out)
    }

    /// Stores a decided block durably, then moves to the next height.
    private mutating func finalize(value: Hash32, commit: Commit) {
        guard let block = round.blocks[value] else {
            // Decided by a quorum's commits without the block: fetch it from a peer that stored it.
            round.decidedAwaitingBody = true
            report(.decidedWithoutBlock(height: height))
            return
        }
        let finalized = FinalizedBlock(
            entry: block.entry(commit: commit, nextValidatorSet: chain.tip.nextSet), frames: block.frames)
        guard append(finalized) else {
            // The binding rules make this impossible; if it happens it is a defect, never a silent wedge.
            stop(.safety("the block decided at height \(finalized.entry.header.height) fails the light-client rules"))
            return
        }
        let latency = Double(Self.nowMilliseconds()) - Double(block.header.timestamp)
        report(.finalized(finalized, round: commit.round, latencyMs: max(0, latency)))
    }

    /// Proposals of the height just decided that were refused for leaving out an obligation the
    /// decided block carried become missed-inclusion evidence (§17.3).
    private mutating func collectOmissions(decided: FinalizedBlock) {
        let h = decided.entry.header.height
        let omissions = round.omissions
        guard !omissions.isEmpty, h >= 2, let previous = try? store.block(at: h - 1) else { return }
        for (proposal, block, frameID) in omissions {
            if let e = evidence.omitted(
                proposal, block: block, frameID: frameID, decided: decided, previous: previous, set: set, chainID: chainID)
            {
                report(.missedInclusion(e))
            }
        }
    }

    /// Verifies a finalized block with the light-client rules, stores it and advances; false when
    /// the chain refused it.
    mutating func append(_ block: FinalizedBlock) -> Bool {
        let header = block.entry.header
        do {
            try chain.extend(with: block, store: store)
        } catch {
            report(.blockRefused(height: header.height, reason: "\(error)"))
            return false
        }
        evidence.finalized(block.entry.evidence, missed: block.entry.missedInclusions, height: header.height)
        collectOmissions(decided: block)
        verifier.prune(below: header.height)
        round.end()
        future.prune(below: header.height + 1)
        report(.stored(block))
        // Pipelining: the next height starts now and its proposal is paced to the block time.
        let due = min(header.timestamp, UInt64.max / 2) + config.blockTimeMilliseconds
        let now = Self.nowMilliseconds()
        emit(.schedule(.startHeight(header.height + 1), afterMilliseconds: due > now ? due - now : 0))
        return true
    }
}
