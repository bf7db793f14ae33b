import BPIHash
import BPIPoH
import BPITypes

/// Whether a block may be prepared on top of a chain tip (docs/SPEC.md §9.3, "Validity"): one
/// rule for the validator service and the simulator.
public enum BlockValidity {
    /// How far ahead of the local clock a header's timestamp may be.
    public static let maxClockSkewMilliseconds: UInt64 = 5_000

    /// Why `block` may not be prepared on `tip` at local time `now` (ms), or nil when it may.
    public static func invalidity(of block: Block, on tip: ChainTip, now: UInt64) -> String? {
        invalidity(of: block, on: tip, now: now, bugs: [])
    }

    /// The same, with known-wrong rules re-introduced for the simulator (`bpi simulate --inject-bug`).
    @_spi(Simulation)
    public static func invalidity(of block: Block, on tip: ChainTip, now: UInt64, bugs: InjectedBugs) -> String? {
        let header = block.header
        guard header.chainID == tip.chainID, header.height == tip.height + 1 else { return "wrong chain or height" }
        guard header.prevHash == tip.hash else { return "prev_hash is not the last finalized header" }
        guard header.validatorSetHash == tip.set.hash else { return "validator_set_hash is not the set signing this height" }
        guard header.nextValidatorSetHash == (tip.nextSet ?? tip.set).hash || bugs.contains(.noNextSetCheck) else {
            return tip.nextSet == nil
                ? "next_validator_set_hash changes the set, and no set change is scheduled here"
                : "next_validator_set_hash does not name the set change scheduled after this height (§19)"
        }
        if let failure = ProposerProof.check(header, previousSeed: tip.seed, set: tip.set) { return "proposer: \(failure)" }
        var content = block
        if bugs.contains(.noDARootCheck) { content.header.daRoot = Block.daRoot(block.frames) }
        if bugs.contains(.ignoreInclusionList) { content.header.inclusionRoot = InclusionEntry.root(block.inclusion) }
        guard content.contentMatchesHeader else {
            return "frames, receipts, data-availability objects, evidence or ticks do not match the header's roots"
        }
        do {
            try BlockPoH.check(
                block.poh, events: block.frames.map { NonceChain.value(after: $0) }, pohRoot: header.pohRoot,
                seed: tip.seed, parameters: tip.poh)
        } catch {
            return "proof of history: \(error)"
        }
        if !bugs.contains(.ignoreInclusionList), let why = InclusionRule.invalidity(of: block, obligations: tip.obligations) {
            return "inclusion: \(why)"
        }
        guard header.timestamp > tip.timestamp, header.timestamp <= now + maxClockSkewMilliseconds else {
            return "timestamp is not after the previous header or is more than 5 s ahead"
        }
        for (i, e) in block.evidence.enumerated() {
            do {
                _ = try e.verify(set: tip.set, chainID: tip.chainID)
            } catch {
                return "evidence \(i): \(error)"
            }
        }
        return nil
    }
}
