import BPIConsensus
import BPICrypto
import BPIFrames
import BPIHash
import BPIPoH
import BPIRules
import BPITypes

/// Building this validator's proposals and checking the ones it receives.
extension ConsensusDriver {
    /// This validator's block for each round of the current height, should it lead one:
    /// `frames` (the mempool's oldest, valid in that order on the finalized ledger) and then the
    /// obligations it can still carry (§17.2), with every obligation's outcome, the pending
    /// evidence and the tick list mixing in the frames' nonce-chain values from the previous
    /// header's VRF output (§11.2), under a header with its VRF proof.
    func proposalBuilder(frames pooled: [Frame], proposer me: Int) -> @Sendable (UInt64) -> Block {
        var content = chain.proposalContent(pooled)
        if let censor { content = censor(content.frames, content.inclusion) }
        let (frames, inclusion) = content
        let inclusionRoot = InclusionEntry.root(inclusion)
        let chainID = self.chainID
        let h = height
        let previous = chain.lastHash
        let setHash = set.hash
        let nextSetHash = chain.tip.nextSet?.hash ?? setHash
        let proposer = UInt64(me)
        let evidence = self.evidence.forProposal
        let framesRoot = Block.framesRoot(frames)
        let poh = BlockPoH.record(
            seed: chain.seed, events: frames.map { NonceChain.value(after: $0) }, parameters: chain.genesis.poh)
        let pohRoot = PoHRecord.root(poh)
        let daFaults = chain.ledger.dueFaults(at: h)
        let missed = self.evidence.missedForProposal(at: h)
        let evidenceRoot = Block.evidenceRoot(evidence, daFaults: daFaults, missedInclusions: missed)
        let receiptsRoot = Block.receiptsRoot(frames)
        let daRoot = Block.daRoot(frames)
        let timestamp = max(Self.nowMilliseconds(), chain.lastTimestamp + 1)
        let proof = ECVRF.prove(
            keys.vrf, alpha: ProposerSelection.vrfInput(chainID: chainID, height: h, previousSeed: chain.seed))
        let output = (try? ECVRF.proofToHash(proof)) ?? []
        return { round in
            let header = Header(
                chainID: chainID, height: h, round: round, timestamp: timestamp, prevHash: previous, proposerIndex: proposer,
                vrfProof: proof, vrfOutput: output, validatorSetHash: setHash, nextValidatorSetHash: nextSetHash,
                framesRoot: framesRoot, inclusionRoot: inclusionRoot, pohRoot: pohRoot, receiptsRoot: receiptsRoot,
                daRoot: daRoot, evidenceRoot: evidenceRoot)
            return Block(
                header: header, frames: frames, evidence: evidence, poh: poh, daFaults: daFaults, inclusion: inclusion,
                missedInclusions: missed)
        }
    }

    /// A block for this or a later height arrived with a PRE-PREPARE.
    mutating func receiveProposal(_ block: Block) {
        let h = block.header.height
        let hash = block.header.hash
        if h > height || (h == height && round.instance == nil) {
            if futureBlocks.count < 16 && h - height <= FutureMessages.maxHeightsAhead { futureBlocks[hash] = block }
            return
        }
        guard h == height, round.blocks[hash] == nil else { return }
        accept(block, hash: hash)
    }

    /// Checks a block of the current height and, if valid, releases the PRE-PREPAREs waiting for it.
    mutating func accept(_ block: Block, hash: Hash32) {
        if let why = invalidity(of: block) {
            report(.refused(what: "proposal", height: block.header.height, reason: why))
            if let omitted = chain.omission(in: block.frames) { round.refusedForOmission(block, frameID: omitted) }
            return
        }
        round.blocks[hash] = block
        signState.stage(block)
        for m in round.released(by: hash) { deliver(m) }
    }

    /// Why a proposal may not carry `items` (§17.3): each recent, not carried before, and proved
    /// from this validator's finalized headers; or nil.
    func missedInclusionsInvalidity(_ items: [MissedInclusionEvidence]) -> String? {
        var seen = Set<Hash32>()
        for (i, item) in items.enumerated() {
            if let why = item.refusal(carriedAt: height) { return "item \(i): \(why)" }
            guard !chain.carriedOmissions.contains(item.omission), seen.insert(item.omission).inserted else {
                return "item \(i): this omission is already carried"
            }
            do {
                _ = try item.verify(set: set, chainID: chainID) { h in (try? store.block(at: h))?.entry.header }
            } catch {
                return "item \(i): \(error)"
            }
        }
        return nil
    }

    /// Why `block` may not be prepared at the current height (nil when it may): the shared
    /// `BlockValidity` rules, and — rules of the node, which holds the whole chain — its frames in
    /// order on the finalized frame ledger: registered senders' signatures, nonces above the last,
    /// unbroken nonce chains, fresh ticks (§12.1) — exactly the data-availability faults due
    /// (§15.8), and, with `verify_receipts`, the replay of every
    /// receipt it carries from its witness (§13.5).
    func invalidity(of block: Block) -> String? {
        if let why = BlockValidity.invalidity(of: block, on: chain.tip, now: Self.nowMilliseconds()) { return why }
        if let why = chain.framesInvalidity(block.frames, inclusion: block.inclusion) { return "frames: \(why)" }
        if let why = chain.daFaultsInvalidity(block.daFaults) { return "data-availability faults: \(why)" }
        if let why = missedInclusionsInvalidity(block.missedInclusions) { return "missed-inclusion evidence: \(why)" }
        if let why = receipts?.invalidity(block.frames) { return "receipts: \(why)" }
        return nil
    }
}
