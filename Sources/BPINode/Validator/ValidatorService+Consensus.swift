import BPIConsensus
import BPIHash
import BPIRules
import BPITypes

/// Driving the IBFT instance of the height being decided: starting it, feeding it checked
/// messages, carrying out what it outputs (every message it outputs is already in the sign
/// state), and turning its decision into a stored, verified block.
extension ValidatorService {
    /// Whether this validator and its connected peers hold more than two thirds of the power.
    var meshHasQuorum: Bool {
        let connected = Set(transport?.connectedPeers ?? [])
        let indices = set.validators.indices.filter { $0 == me || connected.contains(set.validators[$0].identityKey) }
        return Quorum.isSuperMajority(signed: Quorum.power(of: indices, in: set), total: set.totalPower)
    }

    func startHeight(_ h: UInt64) {
        guard h == height, round.instance == nil else { return }
        // No proposal or timer runs until this validator and its connected peers hold a quorum of
        // the power: the first header waits for the mesh to form rather than for round changes.
        guard meshHasQuorum else {
            schedule(.startHeight(h), afterMilliseconds: 100)
            return
        }
        var instance = IBFTInstance(
            chainID: chainID, height: h, set: set, seed: chain.seed, me: me, identity: keys.identity, blsKey: keys.bls,
            signState: signState)
        instance.baseTimeout = config.baseTimeoutMilliseconds
        instance.timeoutIncrement = config.timeoutIncrementMilliseconds
        let builder = proposalBuilder()
        let staged = signState
        let out = instance.start(proposingFor: { builder($0).header.hash }, holds: { staged.stagedBlock($0) != nil })
        round.begin(instance, proposal: builder)
        // Nothing the instance resumed with is sent before the block of its lock is back and valid.
        guard restoreLockedBlock(of: instance) else { return }
        metrics.round.set(Int64(0))
        for (hash, block) in futureBlocks where block.header.height == h { accept(block, hash: hash) }
        futureBlocks = futureBlocks.filter { $0.value.header.height > h }
        process(out)
        for m in future.take(height: h) { receiveConsensus(m) }
    }

    func timeout(height h: UInt64, round r: UInt64) {
        guard h == height, var instance = round.instance else { return }
        let out = instance.timeout(round: r)
        round.instance = instance
        process(out)
    }

    /// Runs the instance's outputs, looping this validator's own messages back into it.
    func process(_ outputs: [IBFTOutput]) {
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
                for bytes in byzantine?.echo(of: m) ?? [] { transport?.broadcast(bytes) }
                guard var instance = round.instance else { continue }
                let more = instance.receive(m)
                round.instance = instance
                queue.append(contentsOf: more)
            case .scheduleTimeout(let r, let ms):
                schedule(.timeout(height: height, round: r), afterMilliseconds: ms)
                metrics.round.set(Int64(r))
                if r > 0 {
                    stats.roundChanged()
                    metrics.roundChanges.increment()
                    logger.notice("round change", metadata: ["height": "\(height)", "round": "\(r)"])
                }
            case .decided(let value, let commit):
                finalize(value: value, commit: commit)
                return
            case .refusedToSign(let m):
                logger.warning(
                    "refusing to sign a message conflicting with one signed before",
                    metadata: ["height": "\(m.height)", "round": "\(m.round)", "kind": "\(m.kind)"])
            case .halt(let reason):
                stop(.safety(reason))
                return
            }
        }
    }

    /// Broadcasts and remembers a message of this height for re-broadcast.
    func send(_ message: WireMessage) {
        round.sent(message)
        broadcast(message)
    }

    /// After a restart in the middle of a height, brings back the block the resumed `instance` is
    /// locked on (the sign state keeps it with the lock and staged it when the instance loaded it),
    /// so the validator can re-propose it. False (and the validator stopped) when that block is
    /// missing or not valid here.
    private func restoreLockedBlock(of instance: IBFTInstance) -> Bool {
        guard let lock = instance.preparedCertificate else { return true }
        guard let block = signState.stagedBlock(lock.value), block.header.hash == lock.value, invalidity(of: block) == nil
        else {
            stop(.safety("the block of the stored lock at height \(instance.height) is missing or no longer valid"))
            return false
        }
        round.blocks[lock.value] = block
        logger.notice(
            "resuming a height after a restart",
            metadata: ["height": "\(instance.height)", "round": "\(instance.round)", "locked_round": "\(lock.round)"])
        return true
    }

    /// A consensus message, checked on receipt: evidence if it equivocates; kept (boundedly, if
    /// signed by a member) when it is for a later height; otherwise given to the instance — a
    /// PRE-PREPARE only once its block is held, valid and bound to it.
    func receiveConsensus(_ m: ConsensusMessage, from peer: [UInt8]? = nil) {
        do {
            if let e = try evidence.observe(m, store: store, seenAt: height) {
                metrics.evidence.increment()
                logger.warning(
                    "equivocation detected",
                    metadata: [
                        "offender": "\(e.first.sender)", "height": "\(e.first.height)", "round": "\(e.first.round)",
                        "kind": "\(e.first.kind)",
                    ])
            }
        } catch {
            logger.error("cannot store evidence: \(error)")
        }
        if m.height > height || (m.height == height && round.instance == nil) {
            if future.add(m, currentHeight: height, set: set) {
                if m.height > height, let peer { requestSync(from: peer) }
            } else {
                metrics.rejectedMessages.increment()
            }
            return
        }
        guard m.height == height, var instance = round.instance else { return }
        if m.kind == .prePrepare {
            guard let block = round.blocks[m.value] else {
                round.await(m)
                return
            }
            if let violation = ProposalBinding.violation(header: block.header, prePrepare: m) {
                metrics.rejectedMessages.increment()
                logger.warning(
                    "PRE-PREPARE refused", metadata: ["height": "\(m.height)", "round": "\(m.round)", "reason": "\(violation)"])
                return
            }
        }
        let out = instance.receive(m)
        round.instance = instance
        process(out)
    }

    /// Stores a decided block durably, then moves to the next height.
    private func finalize(value: Hash32, commit: Commit) {
        guard let block = round.blocks[value] else {
            // Decided by a quorum's commits without the block: fetch it from a peer that stored it.
            round.decidedAwaitingBody = true
            logger.notice("decided without the block; syncing", metadata: ["height": "\(height)"])
            return
        }
        let finalized = FinalizedBlock(
            entry: ChainEntry(header: block.header, commit: commit, evidence: block.evidence), payloads: block.payloads)
        guard append(finalized) else {
            // The binding rules make this impossible; if it happens it is a defect, never a silent wedge.
            stop(.safety("the block decided at height \(finalized.entry.header.height) fails the light-client rules"))
            return
        }
        let latency = Double(Self.nowMilliseconds()) - Double(block.header.timestamp)
        metrics.finality.record(.milliseconds(Int64(max(0, latency))))
        stats.finalized(latencyMs: latency)
        logger.info(
            "finalized",
            metadata: [
                "height": "\(block.header.height)", "round": "\(commit.round)", "hash": "\(value)",
                "payloads": "\(block.payloads.count)", "finality_ms": "\(Int(latency))",
            ])
    }

    /// Verifies a finalized block with the light-client rules, stores it and advances; false when
    /// the chain refused it.
    func append(_ block: FinalizedBlock) -> Bool {
        let header = block.entry.header
        do {
            try chain.extend(with: block, store: store)
        } catch {
            logger.error("finalized block refused", metadata: ["height": "\(header.height)", "error": "\(error)"])
            return false
        }
        payloads.remove(committed: block.payloads)
        evidence.finalized(block.entry.evidence, height: header.height)
        let payloadBytes = block.payloads.reduce(0) { $0 + $1.count }
        stats.stored(payloadBytes: payloadBytes)
        metrics.payloadBytes.increment(by: Int64(payloadBytes))
        metrics.height.set(Int64(header.height))
        metrics.mempool.set(Int64(payloads.mempool.count))
        round.end()
        future.prune(below: header.height + 1)
        // Pipelining: the next height starts now and its proposal is paced to the block time.
        let due = min(header.timestamp, UInt64.max / 2) + config.blockTimeMilliseconds
        let now = Self.nowMilliseconds()
        schedule(.startHeight(header.height + 1), afterMilliseconds: due > now ? due - now : 0)
        return true
    }
}
