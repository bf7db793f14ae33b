import BPIFrames
import BPIHash
import BPILightClient
import BPIPoH
import BPIRules
import BPITypes

/// The validator's verified, stored chain: the light client that checked every stored header (and
/// so holds the trusted validator set — the one source of the set for the service), and what the
/// next header must extend, and the frame ledger and tick window the next block's frames are
/// checked against (§12.1). A block joins it only after the light-client and frame rules pass
/// and the store has it on disk.
struct ChainState: Sendable {
    private(set) var light: LightClient
    private(set) var seed: [UInt8]
    private(set) var lastHash: Hash32
    private(set) var lastTimestamp: UInt64
    /// The directory, nonces and nonce chains after the last stored block.
    private(set) var ledger = FrameLedger()
    /// The recent finalized ticks frames may name.
    private(set) var ticks: TickWindow
    /// Frame signatures verified at this validator (shared with its frame pool).
    let signatures = SignatureCache()
    let genesis: Genesis
    /// Every missed-inclusion evidence item on the chain, with the height carrying it (§17.3).
    private(set) var missedInclusions: [(height: UInt64, evidence: MissedInclusionEvidence)] = []

    /// Replays `store`'s chain through a fresh light client, so a restarted node resumes verified.
    init(genesis: Genesis, store: BlockStore) throws(NodeError) {
        self.genesis = genesis
        ticks = TickWindow(genesisHash: genesis.hash)
        do {
            var light = try LightClient(genesis: genesis)
            let latest = try store.latestHeight()
            // Each stored block is read once: its entry for the light client, its frames for the ledger.
            let blocks = latest == 0 ? [] : try (1...latest).compactMap { h throws(BlockStoreError) in try store.block(at: h) }
            guard blocks.count == latest else {
                throw NodeError.startup("the store holds \(blocks.count) of heights 1…\(latest): some are missing")
            }
            let entries = blocks.map(\.entry)
            try light.verify(contentsOf: entries)
            self.light = light
            // The frame ledger is the finalized frames replayed in order, each block with the set
            // that signed it (the threshold rules' committee, §16.5).
            var signing = genesis.validatorSet
            var blockSeed = genesis.hash.bytes
            for block in blocks {
                let h = block.entry.header.height
                guard block.framesMatchEntry else { throw NodeError.startup("height \(h)'s frames do not match its entry") }
                guard block.entry.daFaults == ledger.dueFaults(at: h) else {
                    throw NodeError.startup("height \(h)'s data-availability faults are not the ones due")
                }
                let nextSetDue = ledger.setChange.nextSet(forHeaderAt: h)
                try ledger.apply(
                    block: block.frames, height: h, ticks: ticks, signatures: signatures,
                    context: Self.context(genesis: genesis, set: signing, seed: blockSeed))
                guard block.entry.header.inclusionRoot == ledger.inclusion.root(at: h) else {
                    throw NodeError.startup("height \(h)'s inclusion_root is not the root of its obligations' outcomes")
                }
                guard block.entry.nextValidatorSet == nextSetDue else {
                    throw NodeError.startup("height \(h)'s next validator set is not the change its chain scheduled")
                }
                blockSeed = block.entry.header.vrfOutput
                ticks.append(height: h, records: block.entry.poh)
                if let nextSet = block.entry.nextValidatorSet { signing = nextSet }
            }
            let last = entries.last?.header
            seed = last?.vrfOutput ?? genesis.hash.bytes
            lastHash = last?.hash ?? genesis.hash
            lastTimestamp = last?.timestamp ?? genesis.genesisTime
            for block in blocks { noteEvidence(block.entry) }
        } catch let error as NodeError {
            throw error
        } catch {
            throw .startup("the stored chain does not verify: \(error)")
        }
    }

    /// Every omission carried in the recent window (an omission is carried once; the light client
    /// that verified the stored chain keeps them).
    var carriedOmissions: Set<Hash32> { light.carriedOmissions }

    /// Records the missed-inclusion evidence a stored entry carries.
    private mutating func noteEvidence(_ entry: ChainEntry) {
        missedInclusions += entry.missedInclusions.map { (entry.header.height, $0) }
    }

    /// The latest stored height.
    var height: UInt64 { light.height }
    /// The height being decided.
    var next: UInt64 { light.height + 1 }
    /// The trusted validator set.
    var set: ValidatorSet { light.validatorSet }
    /// What the threshold rules check the next block's frames against: the chain id and the set
    /// signing it (§16.5).
    var context: ThresholdContext { Self.context(genesis: genesis, set: set, seed: seed) }

    /// The context of a block signed by `set` whose seed is `seed`.
    static func context(genesis: Genesis, set: ValidatorSet, seed: [UInt8]) -> ThresholdContext {
        ThresholdContext(
            chainID: genesis.chainID, validators: set, seed: seed, inclusionCommitteeSize: genesis.inclusionCommitteeSize)
    }
    /// Changes with every set change (a cheap test of "is this still the same set?").
    var setVersion: Int { light.rotations }

    /// What a proposal for the next height must extend.
    var tip: ChainTip {
        ChainTip(
            chainID: genesis.chainID, height: light.height, hash: lastHash, timestamp: lastTimestamp, seed: seed, set: set,
            poh: genesis.poh, obligations: ledger.inclusion.due.map(\.id), nextSet: ledger.setChange.nextSet(forHeaderAt: next))
    }

    /// Why `frames` may not be the frames of the next block (signatures, nonces, chains and ticks
    /// against the finalized ledger, §12.1; every obligation carried or rejected on a ground that
    /// holds, §17.2), or nil. With `inclusion`, the block's entries must be the ones the ledger derives.
    func framesInvalidity(_ frames: [Frame], inclusion: [InclusionEntry]? = nil) -> String? {
        var copy = ledger
        do {
            try copy.apply(block: frames, height: next, ticks: ticks, signatures: signatures, context: context, openFrames: false)
        } catch {
            return "\(error)"
        }
        let derived = copy.inclusion.entries[next] ?? []
        if let inclusion, inclusion != derived {
            let wrong = zip(inclusion, derived).first { $0.0 != $0.1 }
            return wrong.map { "listed frame \($0.0.frameID) is marked \($0.0.outcome); the ledger finds \($0.1.outcome)" }
                ?? "the block answers \(inclusion.count) obligation(s); the ledger has \(derived.count)"
        }
        return nil
    }

    /// The obligation `frames` leave out with no reject ground (§17.2), if any.
    func omission(in frames: [Frame]) -> Hash32? {
        var copy = ledger
        do {
            try copy.apply(block: frames, height: next, ticks: ticks, signatures: signatures, context: context, openFrames: false)
        } catch {
            if case .missedInclusion(let id) = error { return id }
        }
        return nil
    }

    /// A proposal's frames and inclusion entries (§17.2): `frames` (valid in order), then each
    /// obligation it does not carry that can still be appended, in obligation order.
    func proposalContent(_ frames: [Frame]) -> (frames: [Frame], inclusion: [InclusionEntry]) {
        var all = frames
        if !ledger.inclusion.due.isEmpty {
            all += ledger.appendable(
                ledger.inclusion.due, after: frames, height: next, ticks: ticks, signatures: signatures, context: context)
        }
        var copy = ledger
        guard
            (try? copy.apply(block: all, height: next, ticks: ticks, signatures: signatures, context: context, openFrames: false))
                != nil
        else { return (frames, []) }
        return (all, copy.inclusion.entries[next] ?? [])
    }

    /// Why `faults` are not exactly the data-availability faults the next block must carry (the
    /// challenges whose deadline passed unanswered, in challenge-id order, §15.8), or nil.
    func daFaultsInvalidity(_ faults: [DAFaultEvidence], height: UInt64? = nil) -> String? {
        let due = ledger.dueFaults(at: height ?? next)
        guard faults != due else { return nil }
        return "the block carries \(faults.count) fault(s); \(due.count) challenge(s) are due unanswered"
    }

    /// Verifies `block` with the light-client rules (its frames against their envelopes) and the
    /// frame rules, stores it in `store`, then extends the chain. Throws, leaving the chain as it
    /// was, if any fails.
    mutating func extend(with block: FinalizedBlock, store: BlockStore) throws(ChainStateError) {
        let header = block.entry.header
        guard block.framesMatchEntry else { throw .framesMismatch(height: header.height) }
        if let why = daFaultsInvalidity(block.entry.daFaults, height: header.height) {
            throw .refused(height: header.height, reason: "data-availability faults: \(why)")
        }
        guard block.entry.nextValidatorSet == ledger.setChange.nextSet(forHeaderAt: header.height) else {
            throw .refused(height: header.height, reason: "its next validator set is not the change the chain scheduled (§19)")
        }
        var nextLedger = ledger
        do {
            try nextLedger.apply(
                block: block.frames, height: header.height, ticks: ticks, signatures: signatures, context: context)
        } catch {
            throw .refused(height: header.height, reason: "frame rules: \(error)")
        }
        guard header.inclusionRoot == nextLedger.inclusion.root(at: header.height) else {
            throw .refused(height: header.height, reason: "inclusion_root is not the root of the obligations' outcomes (§17.2)")
        }
        var verifier = light
        do {
            try verifier.verify(block.entry)
        } catch {
            throw .refused(height: header.height, reason: "\(error)")
        }
        do {
            try store.append(block, genesisHash: genesis.hash)
        } catch {
            throw .notStored(height: header.height, reason: "\(error)")
        }
        light = verifier
        ledger = nextLedger
        noteEvidence(block.entry)
        ticks.append(height: header.height, records: block.entry.poh)
        seed = header.vrfOutput
        lastHash = header.hash
        lastTimestamp = header.timestamp
    }
}

/// Why a finalized block did not join the chain.
enum ChainStateError: Error, CustomStringConvertible {
    /// The frames are not the ones the entry's envelopes (and so `framesRoot`) name.
    case framesMismatch(height: UInt64)
    /// The light-client rules refused the header or its commit.
    case refused(height: UInt64, reason: String)
    /// The store could not write it.
    case notStored(height: UInt64, reason: String)

    var description: String {
        switch self {
        case .framesMismatch(let h): return "height \(h): the frames do not match the entry's envelopes (frames_root)"
        case .refused(let h, let why): return "height \(h): \(why)"
        case .notStored(let h, let why): return "height \(h) could not be stored: \(why)"
        }
    }
}
