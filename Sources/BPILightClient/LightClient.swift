import BPIBLS
import BPICrypto
import BPIHash
import BPIPoH
import BPIRules
import BPITypes
import Dispatch
import Synchronization

/// Verifies a header chain from a trusted genesis (docs/SPEC.md §8), one entry at a time:
/// sequence, prev-hash link, validator-set hash, proposer and VRF, commit bitmap, quorum and
/// aggregate signature, evidence, then the set transition. Holds only what it has verified.
public struct LightClient: Sendable {
    /// The genesis it trusts.
    public let genesis: Genesis
    /// The last verified header (nil before the first).
    public private(set) var lastHeader: Header?
    /// The set trusted to sign the next header.
    public private(set) var validatorSet: ValidatorSet
    /// Number of verified set changes.
    public private(set) var rotations = 0
    private var blsKeys: [BLSPublicKey]
    private var fullAggregate: G2Point
    private var vrfKeys: [ECVRF.PublicKey?]
    private var validatorSetHash: Hash32
    private var previousHash: Hash32
    private var seed: [UInt8]
    /// How much of each tick list to replay.
    public var pohReplay: PoHReplay = .full
    /// What the tick-list replay covered so far.
    public private(set) var pohStats = PoHReplayStats()
    /// Records whose replay a batch defers (nil outside a batch).
    private var deferredTicks: [PoHRecord]?
    /// Each sender's nonce-chain value after its last frame seen (§11.1).
    private var chains: [Hash32: Hash32] = [:]
    /// The `framesRoot` of the last few verified heights (a data-availability fault's challenge
    /// is that recent, §15.8).
    private var recentFramesRoots: [UInt64: Hash32] = [:]
    /// The last `MissedInclusionEvidence.window` verified headers, and the omissions evidence
    /// carried in them named (§17.3: evidence is that recent, and counted once).
    private var recentHeaders: [UInt64: Header] = [:]
    private var recentOmissions: [UInt64: Set<Hash32>] = [:]
    /// Confirmed L1 anchors (§18.7): a header at an anchored height must be the anchored one.
    public var anchors = AnchorBook.empty
    /// The highest verified height an anchor confirmed (0 when none did).
    public private(set) var anchoredHeight: UInt64 = 0
    /// How many verified headers an anchor confirmed.
    public private(set) var anchorsMatched = 0

    /// The omissions missed-inclusion evidence in the last `MissedInclusionEvidence.window`
    /// verified blocks carried (each omission is carried once, §17.3).
    public var carriedOmissions: Set<Hash32> { recentOmissions.values.reduce(into: Set<Hash32>()) { $0.formUnion($1) } }
    /// Whether verification started at a checkpoint: a sender's first frame seen then may continue
    /// a chain that began before it.
    private var startedAtCheckpoint = false

    /// Starts from `genesis` (its keys and proofs of possession are checked).
    public init(genesis: Genesis) throws(TypesError) {
        self.genesis = genesis
        validatorSet = genesis.validatorSet
        blsKeys = try genesis.validatorSet.blsPublicKeys()
        fullAggregate = blsKeys.reduce(G2Point.infinity) { $0 + $1.point }
        validatorSetHash = genesis.validatorSet.hash
        vrfKeys = genesis.validatorSet.validators.map { try? ECVRF.PublicKey($0.vrfKey) }
        previousHash = genesis.hash
        seed = genesis.hash.bytes
    }

    /// Starts from a trusted checkpoint instead of genesis — a header whose hash the user trusts
    /// (taken from a source other than the node: an operator, an anchor on another chain) — so a
    /// long chain need not be replayed from height 1. `checkpoint` is the entry at that height as
    /// a node serves it; it is trusted only because its header hashes to `trustedHash`. `nextSet`
    /// is the set that signs the following height, also from the node: it must hash to the
    /// header's `nextValidatorSetHash`, and its keys' proofs of possession are checked. What the
    /// checkpoint's own commit says is not re-checked: the trust is in the hash. The genesis
    /// still names the chain.
    public init(genesis: Genesis, checkpoint: ChainEntry, trustedHash: Hash32, nextSet: ValidatorSet) throws(LightClientError) {
        let header = checkpoint.header
        let h = header.height
        guard header.chainID == genesis.chainID else {
            throw .badSequence(height: h, "the checkpoint is on chain \(header.chainID), the genesis names \(genesis.chainID)")
        }
        guard h >= 1, header.hash == trustedHash else {
            throw .tamperedHeader(height: h)
        }
        guard nextSet.hash == header.nextValidatorSetHash else {
            throw .badRotation(
                height: h, "the validator set given for height \(h + 1) does not hash to the checkpoint's next_validator_set_hash"
            )
        }
        do {
            blsKeys = try nextSet.blsPublicKeys()
        } catch {
            throw .badRotation(height: h, "the validator set for height \(h + 1): \(error)")
        }
        self.genesis = genesis
        validatorSet = nextSet
        fullAggregate = blsKeys.reduce(G2Point.infinity) { $0 + $1.point }
        validatorSetHash = nextSet.hash
        vrfKeys = nextSet.validators.map { try? ECVRF.PublicKey($0.vrfKey) }
        previousHash = trustedHash
        seed = header.vrfOutput
        lastHeader = header
        startedAtCheckpoint = true
    }

    /// The last verified height (0 before any).
    public var height: UInt64 { lastHeader?.height ?? 0 }

    /// A commit signature whose check was deferred to a batch.
    struct PendingSignature {
        let height: UInt64
        let missing: [Int]
        let message: [UInt8]
        /// The aggregate signature, compressed (decoded and subgroup-checked by the batch).
        let signature: [UInt8]
    }

    /// Prepared Miller-loop lines of the current set's keys and of their sum, built on first use.
    final class PreparedKeys: @unchecked Sendable {
        // Only touched by the owning client's (single-threaded) verification calls.
        let keys: [BLSPublicKey]
        let full: Pairing.PreparedG2
        private var cache: [Int: Pairing.PreparedG2] = [:]

        init(keys: [BLSPublicKey], aggregate: G2Point) {
            self.keys = keys
            full = Pairing.PreparedG2(aggregate)
        }

        func key(_ i: Int) -> Pairing.PreparedG2 {
            if let k = cache[i] { return k }
            let k = Pairing.PreparedG2(keys[i].point)
            cache[i] = k
            return k
        }
    }
    private var prepared: PreparedKeys?

    /// Verifies the next entry and, if it is valid, advances.
    public mutating func verify(_ entry: ChainEntry) throws(LightClientError) {
        var none: [PendingSignature]? = nil
        try verify(entry, deferring: &none)
    }

    /// Verifies many entries in order, checking commit signatures in batches of `batchSize` by a
    /// random linear combination. Reports exactly what `verify` one by one would: on a failed
    /// batch the client returns to the state before it and re-verifies those entries singly.
    ///
    /// The work is pipelined over the cores: while a batch's signatures (in two halves) and its
    /// tick replay are checked in the background (`BatchCheck`), this thread checks the next
    /// batch's structure — links, set hashes, proposers and VRF proofs, evidence, nonce chains.
    /// Verdicts are still taken in order: the next batch is accepted only after the one before it.
    ///
    /// The pairings are deferred to the end: each batch's commits are reduced in the background to
    /// the G1 sums their check needs (`BLS.SubsetSums`, merged per validator set), and one
    /// multi-pairing — one pairing per set and per validator missing from any commit, not one per
    /// commit — checks them all. Only when something fails does the client start over from where
    /// it was with each batch's pairing check taken in order, to report the first failure.
    public mutating func verify(contentsOf entries: [ChainEntry], batchSize: Int = 64) throws(LightClientError) {
        let initial = self
        if let sums = try verifyPipelined(entries, batchSize: batchSize, deferPairings: true),
            BLS.verify(sums.map { ($0.sums, $0.keys.full, $0.keys.key) })
        {
            return
        }
        self = initial
        _ = try verifyPipelined(entries, batchSize: batchSize, deferPairings: false)
    }

    /// The batches of `verify(contentsOf:)`. With `deferPairings`, each batch's signature check is
    /// only reduced to its sums, which are returned (merged per set) for one final check; nil when
    /// any check failed (the caller starts over without deferral). Without it, each batch's
    /// pairing check is taken in order and the first failure is thrown.
    private mutating func verifyPipelined(_ entries: [ChainEntry], batchSize: Int, deferPairings: Bool) throws(LightClientError)
        -> [(sums: BLS.SubsetSums, keys: PreparedKeys)]?
    {
        /// The batch whose heavy checks run in the background, and the state before it.
        var inFlight: (check: BatchCheck, checkpoint: LightClient, start: Int, end: Int)?
        var sums: [(sums: BLS.SubsetSums, keys: PreparedKeys)] = []
        func accept(_ check: BatchCheck) {
            guard let batch = check.sums else { return }
            if let last = sums.last, last.keys === check.keys {
                sums[sums.count - 1].sums.merge(batch)
            } else {
                sums.append((batch, check.keys))
            }
        }
        var start = 0
        while start < entries.count {
            let checkpoint = self
            // The set in effect for the whole batch (a batch ends at the entry that changes it).
            if prepared == nil { prepared = PreparedKeys(keys: blsKeys, aggregate: fullAggregate) }
            let keys = prepared!
            let rotationsBefore = rotations
            var pending: [PendingSignature]? = []
            deferredTicks = []
            var structuralFailure: LightClientError?
            var end = start
            while end < entries.count && end - start < batchSize && rotations == rotationsBefore {
                do {
                    try verify(entries[end], deferring: &pending)
                } catch {
                    structuralFailure = error
                    break
                }
                end += 1
            }
            let ticks = deferredTicks ?? []
            deferredTicks = nil
            // The batch before this one is judged first: its verdict comes first in order.
            if let previous = inFlight {
                inFlight = nil
                guard previous.check.wait() else {
                    if deferPairings { return nil }
                    self = previous.checkpoint
                    for entry in entries[previous.start..<previous.end] { try verify(entry) }
                    start = previous.end  // this batch again, from the state the singles reached
                    continue
                }
                accept(previous.check)
            }
            let check = BatchCheck(pending ?? [], ticks: ticks, keys: keys, reduceOnly: deferPairings)
            if let structuralFailure {
                if deferPairings {
                    _ = check.wait()
                    return nil
                }
                if !check.wait() {
                    self = checkpoint
                    for entry in entries[start..<end] { try verify(entry) }
                }
                throw structuralFailure
            }
            inFlight = (check, checkpoint, start, end)
            start = end
        }
        if let previous = inFlight {
            guard previous.check.wait() else {
                if deferPairings { return nil }
                self = previous.checkpoint
                for entry in entries[previous.start..<previous.end] { try verify(entry) }
                return []
            }
            accept(previous.check)
        }
        return sums
    }

    /// One batch's signature checks (two halves) and tick replay, run on background threads from
    /// the moment it is made; `wait` gives the verdict. With `reduceOnly`, the signatures are only
    /// reduced to their sums (`sums`, once `wait` returned true), checked later with other batches'.
    final class BatchCheck: Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let verdict = Mutex(true)
        private let reduced = Mutex<[BLS.SubsetSums]>([])
        /// The keys of the set signing the batch.
        let keys: PreparedKeys

        init(_ batch: [PendingSignature], ticks: [PoHRecord], keys: PreparedKeys, reduceOnly: Bool) {
            self.keys = keys
            // The prepared keys the checks need, looked up here: the keys' cache is this thread's.
            let missing = reduceOnly ? [] : Set(batch.flatMap(\.missing))
            let table = Dictionary(uniqueKeysWithValues: missing.map { ($0, keys.key($0)) })
            let full = keys.full
            let halves = [Array(batch.prefix(batch.count / 2)), Array(batch.dropFirst(batch.count / 2))]
            DispatchQueue.global().async { [self] in
                DispatchQueue.concurrentPerform(iterations: 3) { part in
                    let ok: Bool
                    if part == 0 {
                        ok = PoHVerifier.firstWrongEnd(ticks, threads: 1) == nil
                    } else if let half = Self.decoded(halves[part - 1]) {
                        if half.isEmpty {
                            ok = true
                        } else if reduceOnly {
                            let sums = BLS.SubsetSums(half)
                            if let sums { reduced.withLock { $0.append(sums) } }
                            ok = sums != nil
                        } else {
                            ok = BLS.verifyAll(aggregateOf: full, half, keys: { table[$0]! })
                        }
                    } else {
                        ok = false
                    }
                    if !ok { verdict.withLock { $0 = false } }
                }
                done.signal()
            }
        }

        /// The checks of `pending`, or nil when a signature does not decode to a point of G1's subgroup.
        private static func decoded(_ pending: [PendingSignature]) -> [BLS.SubsetCheck]? {
            var out: [BLS.SubsetCheck] = []
            out.reserveCapacity(pending.count)
            for p in pending {
                guard let signature = try? BLSSignature(compressed: p.signature) else { return nil }
                out.append(BLS.SubsetCheck(missing: p.missing, message: p.message, signature: signature))
            }
            return out
        }

        /// Waits for the checks; true when all passed.
        func wait() -> Bool {
            done.wait()
            return verdict.withLock { $0 }
        }

        /// The batch's merged sums (after `wait`; nil for a batch without signatures or not reduced).
        var sums: BLS.SubsetSums? {
            reduced.withLock { parts in
                guard var total = parts.first else { return nil }
                for part in parts.dropFirst() { total.merge(part) }
                return total
            }
        }
    }

    /// One entry; the BLS check runs now, or is appended to `deferred` when that is non-nil.
    mutating func verify(_ entry: ChainEntry, deferring deferred: inout [PendingSignature]?) throws(LightClientError) {
        let header = entry.header
        let h = header.height
        guard header.chainID == genesis.chainID else {
            throw .badSequence(height: h, "chain id \(header.chainID) is not \(genesis.chainID)")
        }
        guard h == height + 1 else { throw .badSequence(height: h, "expected height \(height + 1)") }
        guard header.prevHash == previousHash else { throw .badPrevHash(height: h) }
        guard header.validatorSetHash == validatorSetHash else { throw .badSetHash(height: h) }
        let headerHash = header.hash
        let anchor = anchors[h]
        if let why = anchor?.contradiction(height: h, hash: headerHash, validatorSetHash: header.validatorSetHash) {
            throw .contradictsAnchor(height: h, why)
        }
        try verifyProposer(header)
        try verifyCommit(entry.commit, header: header, headerHash: headerHash, deferring: &deferred)
        try verifyEvidence(entry.evidence, daFaults: entry.daFaults, missed: entry.missedInclusions, header: header)
        try verifyTicks(entry)
        recentFramesRoots[h] = header.framesRoot
        recentFramesRoots[h - min(h, DAChallenge.answerWindow + 2)] = nil
        recentHeaders[h] = header
        recentHeaders[h - min(h, MissedInclusionEvidence.window)] = nil
        if !entry.missedInclusions.isEmpty { recentOmissions[h] = Set(entry.missedInclusions.map(\.omission)) }
        recentOmissions[h - min(h, MissedInclusionEvidence.window)] = nil
        let nextSet = try nextValidatorSet(entry)
        if let nextSet {
            blsKeys = try keys(of: nextSet, height: h)
            fullAggregate = blsKeys.reduce(G2Point.infinity) { $0 + $1.point }
            prepared = nil
            validatorSet = nextSet
            validatorSetHash = header.nextValidatorSetHash
            vrfKeys = nextSet.validators.map { try? ECVRF.PublicKey($0.vrfKey) }
            rotations += 1
        }
        previousHash = headerHash
        seed = header.vrfOutput
        lastHeader = header
        if anchor != nil {
            anchoredHeight = h
            anchorsMatched += 1
        }
    }

    /// The set trusted at the next height, with its validated BLS keys: what a fork at that
    /// height is checked against.
    public var nextSet: (set: ValidatorSet, keys: [BLSPublicKey]) { (validatorSet, blsKeys) }

    /// The BLS keys of a new set: unchanged entries reuse their already-validated keys; new ones
    /// are decoded and their proofs of possession checked.
    private func keys(of next: ValidatorSet, height: UInt64) throws(LightClientError) -> [BLSPublicKey] {
        var keys: [BLSPublicKey] = []
        keys.reserveCapacity(next.count)
        for (i, v) in next.validators.enumerated() {
            if i < validatorSet.count && validatorSet.validators[i].blsKey == v.blsKey
                && validatorSet.validators[i].blsProofOfPossession == v.blsProofOfPossession
            {
                keys.append(blsKeys[i])
                continue
            }
            guard let pk = v.validatedBLSKey() else {
                throw .badRotation(height: height, "validator \(i) of the next set has an invalid BLS key or proof of possession")
            }
            keys.append(pk)
        }
        return keys
    }

    private func verifyProposer(_ header: Header) throws(LightClientError) {
        switch ProposerProof.check(header, previousSeed: seed, set: validatorSet, vrfKey: { vrfKeys[$0] }) {
        case nil: return
        case .wrongProposer(let named, let selected)?:
            throw .wrongProposer(height: header.height, "proposer is validator \(named); the seed chain selects \(selected)")
        case .badVRF?:
            throw .wrongProposer(height: header.height, "the proposer's VRF proof or output does not verify")
        }
    }

    private func verifyCommit(
        _ commit: Commit, header: Header, headerHash: Hash32, deferring deferred: inout [PendingSignature]?
    ) throws(LightClientError) {
        let h = header.height
        guard commit.headerHash == headerHash, commit.height == h, commit.round >= header.round else {
            throw .tamperedHeader(height: h)
        }
        let (signers, message) = try CommitCheck.quorum(commit, chainID: header.chainID, set: validatorSet)
        // The signers' aggregate: the whole set minus the (usually few) non-signers.
        var signing = [Bool](repeating: false, count: validatorSet.count)
        for i in signers { signing[i] = true }
        let missing = signing.indices.filter { !signing[$0] }
        if deferred != nil && 4 * missing.count <= validatorSet.count {
            // Decoded in the batch's background check; one that does not decode fails the batch,
            // and the entries verified singly then name it.
            deferred!.append(
                PendingSignature(height: h, missing: missing, message: message, signature: commit.aggregateSignature))
            return
        }
        guard let signature = try? BLSSignature(compressed: commit.aggregateSignature) else { throw .badSignature(height: h) }
        let aggregate: G2Point
        if 2 * signers.count >= validatorSet.count {
            aggregate = missing.reduce(fullAggregate) { $0 - blsKeys[$1].point }
        } else {
            aggregate = signers.reduce(G2Point.infinity) { $0 + blsKeys[$1].point }
        }
        guard BLS.verify(aggregateKey: aggregate, message: message, signature: signature) else { throw .badSignature(height: h) }
    }

    private func verifyEvidence(
        _ evidence: [EquivocationEvidence], daFaults: [DAFaultEvidence], missed: [MissedInclusionEvidence], header: Header
    ) throws(LightClientError) {
        guard Block.evidenceRoot(evidence, daFaults: daFaults, missedInclusions: missed) == header.evidenceRoot else {
            throw .badEvidence(height: header.height, "the evidence list does not match evidence_root")
        }
        for (i, item) in evidence.enumerated() {
            do {
                _ = try item.verify(set: validatorSet, chainID: header.chainID)
            } catch {
                throw .badEvidence(height: header.height, "evidence \(i): \(error)")
            }
        }
        let carried = carriedOmissions
        var seen = Set<Hash32>()
        for (i, item) in missed.enumerated() {
            if let why = item.refusal(carriedAt: header.height) {
                throw .badEvidence(height: header.height, "missed-inclusion evidence \(i): \(why)")
            }
            guard !carried.contains(item.omission), seen.insert(item.omission).inserted else {
                throw .badEvidence(height: header.height, "missed-inclusion evidence \(i): this omission is already carried")
            }
            // A client that started at a checkpoint may lack the headers of an omission just before it.
            if startedAtCheckpoint && item.height >= 2
                && (recentHeaders[item.height - 1] == nil || recentHeaders[item.height] == nil)
            {
                continue
            }
            do {
                _ = try item.verify(set: validatorSet, chainID: header.chainID) { recentHeaders[$0] }
            } catch {
                throw .badEvidence(height: header.height, "missed-inclusion evidence \(i): \(error)")
            }
        }
        // A fault's challenge is answerWindow + 1 heights back: its inclusion is checked against
        // that header's framesRoot when this client verified it (the commitment, older, is checked
        // by DAFaultCheck against the header at its height).
        for (i, fault) in daFaults.enumerated() {
            if let why = fault.refusal(carriedAt: header.height) {
                throw .badEvidence(height: header.height, "data-availability fault \(i): \(why)")
            }
            if let root = recentFramesRoots[fault.challengeFrame.height],
                !fault.challengeFrame.proof.verify(leafHash: fault.challengeID, root: root)
            {
                throw .badEvidence(
                    height: header.height,
                    "data-availability fault \(i): the challenge frame is not in height \(fault.challengeFrame.height)'s frames_root"
                )
            }
        }
    }

    /// The frame envelopes against `framesRoot` and each sender's nonce chain, then the tick list
    /// (§11.2): its structure always, its replay as `pohReplay` says — now, or appended to the
    /// batch's deferred records.
    private mutating func verifyTicks(_ entry: ChainEntry) throws(LightClientError) {
        let header = entry.header
        let h = header.height
        guard Block.framesRoot(ids: entry.frames.map(\.id)) == header.framesRoot else { throw .badFrameRoot(height: h) }
        var chains = self.chains
        var events: [Hash32] = []
        for (i, frame) in entry.frames.enumerated() {
            let source = frame.header.source
            let expected = chains[source] ?? (startedAtCheckpoint ? frame.header.ncPrev : NonceChain.genesis(service: source))
            guard frame.header.ncPrev == expected else { throw .ncGap(height: h, frame: i) }
            let value = NonceChain.value(after: frame.header)
            chains[source] = value
            events.append(value)
        }
        do {
            try BlockPoH.checkStructure(
                entry.poh, events: events, pohRoot: header.pohRoot, seed: seed, parameters: genesis.poh)
        } catch .reordered {
            throw .pohReordered(height: h)
        } catch {
            throw .badPoHTick(height: h, "\(error)")
        }
        self.chains = chains
        let records = entry.poh
        var chosen: [Int]
        switch pohReplay {
        case .full: chosen = Array(records.indices)
        case .off: chosen = []
        case .sample(let fraction, let sampleSeed):
            let k = min(records.count, max(1, Int((fraction * Double(records.count)).rounded(.up))))
            var generator = SplitMix64(state: sampleSeed ^ (h &* 0x9E37_79B9_7F4A_7C15))
            chosen = Array(Array(records.indices).shuffled(using: &generator).prefix(k)).sorted()
        }
        pohStats.blocks += 1
        pohStats.records += records.count
        pohStats.replayed += chosen.count
        pohStats.hashes += chosen.reduce(0) { $0 + records[$1].hashes }
        pohStats.detection += records.isEmpty ? 1 : Double(chosen.count) / Double(records.count)
        if deferredTicks != nil {
            deferredTicks!.append(contentsOf: chosen.map { records[$0] })
        } else if let bad = chosen.first(where: { PoHVerifier.replay(records[$0]) != records[$0].end }) {
            throw .badPoHTick(height: h, "\(PoHError.wrongEnd(index: bad))")
        }
    }

    private func nextValidatorSet(_ entry: ChainEntry) throws(LightClientError) -> ValidatorSet? {
        let header = entry.header
        if header.nextValidatorSetHash == header.validatorSetHash {
            guard entry.nextValidatorSet == nil else {
                throw .badRotation(height: header.height, "a validator set is attached but the set does not change")
            }
            return nil
        }
        guard let next = entry.nextValidatorSet else {
            throw .badRotation(height: header.height, "the set changes but the new set is missing")
        }
        guard next.hash == header.nextValidatorSetHash else {
            throw .badRotation(height: header.height, "the attached set does not hash to next_validator_set_hash")
        }
        return next
    }
}
