import BPIBLS
@_spi(Simulation) import BPIConsensus
import BPIHash
@_spi(Simulation) import BPIRules
import BPIThreshold
import BPITypes

/// Runs one schedule: the real `IBFTInstance` of every validator, the real block-validity,
/// proposal-binding and light-client rules, and in-memory sign-state stores with the node's
/// semantics, driven by a seeded virtual-time network (drops, duplicates, delays that reorder,
/// partitions), crashes and restarts (also between a sign-state write and the send), a failing
/// disk, and Byzantine validators. Safety and validity are asserted at every decision and every
/// COMMIT; liveness at the end of the synchronous period; then the decided height's key is
/// revealed from key shares (`ScheduleRun+Reveal`) and decryption is asserted.
struct ScheduleRun {
    let chain: SimulatedChain
    let schedule: Schedule
    let bugs: InjectedBugs
    let tracing: Bool
    var rng: SimulationRandom
    var now: UInt64 = 0
    var queue = EventQueue<SimulationEvent>()
    var validators: [SimulatedValidator] = []
    var slotsOf: [[Int]]
    var synchronous = false
    var allBlocks: [Hash32: Block] = [:]
    var decided: [Int: (value: Hash32, commit: Commit)] = [:]
    var firstDecision: Hash32?
    var commitVoters: [UInt64: [Hash32: Set<UInt64>]] = [:]
    var certified: [Hash32: UInt64] = [:]
    var gstRound: UInt64 = 0
    var deadline: UInt64 = .max
    var liveRoundBound: UInt64 = .max
    var catchUpRounds: UInt64 = 0
    /// Verified key shares published before any honest validator decided (Byzantine ones pooled).
    var earlyShares: [DecryptionKeyShare] = []
    /// When every honest validator must have revealed (set once all have decided after GST).
    var revealDeadline: UInt64?
    var outcome: ScheduleOutcome
    static let maxEvents = 400_000

    var n: Int { chain.count }
    var honestSlots: [Int] { validators.indices.filter { validators[$0].isHonest } }

    init(chain: SimulatedChain, schedule: Schedule, bugs: InjectedBugs, tracing: Bool) {
        self.chain = chain
        self.schedule = schedule
        self.bugs = bugs
        self.tracing = tracing
        trace = tracing ? Trace() : nil
        rng = SimulationRandom(seed: schedule.seed &* 31 &+ 7)
        outcome = ScheduleOutcome(seed: schedule.seed)
        slotsOf = Array(repeating: [], count: chain.count)
        for i in 0..<chain.count { addSlot(index: i, role: schedule.byzantine[i], variant: 0) }
        if let twin = schedule.byzantine.first(where: { $0.value == .twins })?.key {
            addSlot(index: twin, role: .twins, variant: 2)
        }
    }

    private mutating func addSlot(index: Int, role: ByzantineRole?, variant: UInt64) {
        slotsOf[index].append(validators.count)
        validators.append(SimulatedValidator(slot: validators.count, index: index, role: role, variant: variant))
    }

    /// Collects trace lines when tracing (a reference, so logging never needs exclusive access).
    final class Trace {
        var lines: [String] = []
    }
    let trace: Trace?

    func log(_ line: @autoclosure () -> String) {
        trace?.lines.append("t=\(now) \(line())")
    }

    /// Round timeouts of the instances (their defaults: 1 s + 0.5 s per round).
    func timeout(_ r: UInt64) -> UInt64 { 1_000 + 500 * r }

    // MARK: running

    mutating func run() -> ScheduleOutcome {
        log(schedule.summary)
        for slot in validators.indices where validators[slot].role != .silent {
            start(slot)
            queue.push(.rebroadcast(slot: slot), at: 500)
            if validators[slot].role != nil { queue.push(.byzantineTick(slot: slot), at: 200) }
        }
        for (k, crash) in schedule.crashes.enumerated() { queue.push(.crash(k), at: crash.at) }
        if let disk = schedule.diskFailure { queue.push(.diskFails(slot: slotsOf[disk.validator][0]), at: disk.at) }
        queue.push(.gst, at: schedule.gst)
        while let (time, event) = queue.pop() {
            now = time
            outcome.events += 1
            if now > deadline || outcome.events > Self.maxEvents {
                let waiting = honestSlots.filter { decided[$0] == nil }
                violate(
                    .liveness, "stall",
                    "validators \(waiting.map { validators[$0].index }) had not decided \(now - schedule.gst) ms after GST "
                        + "(rounds at GST ≤ \(gstRound); now \(waiting.compactMap { validators[$0].instance?.round }))")
                break
            }
            handle(event)
            if outcome.violations.contains(where: { $0.check != "round-rule" }) { break }
            if synchronous && honestSlots.allSatisfy({ decided[$0] != nil }) {
                if honestSlots.allSatisfy({ validators[$0].revealedAt != nil }) { break }
                if revealDeadline == nil {
                    revealDeadline = now + Self.revealBound
                    deadline = .max
                }
                if revealStalled() { break }
            }
            if synchronous,
                let late = honestSlots.first(where: {
                    decided[$0] == nil && (validators[$0].instance?.round ?? 0) > liveRoundBound
                })
            {
                violate(
                    .liveness, "stall",
                    "validator \(validators[late].index) reached round \(validators[late].instance!.round) undecided; bound \(liveRoundBound) "
                        + "(highest round at GST \(gstRound), \(catchUpRounds) rounds allowed to catch up)")
                break
            }
        }
        if let last = honestSlots.compactMap({ decided[$0]?.commit.round }).max() {
            outcome.decidedRound = last
            outcome.roundsAfterGST = last > gstRound ? last - gstRound : 0
        }
        outcome.trace = trace?.lines ?? []
        return outcome
    }

    mutating func violate(_ property: Property, _ check: String, _ detail: String) {
        log("VIOLATION \(property.rawValue) (\(check)): \(detail)")
        outcome.violations.append(Violation(property: property, check: check, seed: schedule.seed, detail: detail, trace: []))
    }

    private mutating func handle(_ event: SimulationEvent) {
        switch event {
        case .message(let slot, let m): deliver(m, to: slot)
        case .block(let slot, let block): deliver(block, to: slot)
        case .keyShare(let slot, let share, let from): receiveShare(share, from: from, at: slot)
        case .finalized(let slot, let block, let commit): deliverFinalized(block, commit, to: slot)
        case .timer(let slot, let incarnation, let round):
            guard validators[slot].incarnation == incarnation, validators[slot].isUp, decided[slot] == nil else { return }
            log("v\(validators[slot].index)/\(slot) timeout r\(round)")
            let out = validators[slot].instance!.timeout(round: round)
            process(slot, out)
        case .crash(let k):
            let crash = schedule.crashes[k]
            let slot = slotsOf[crash.validator][0]
            switch crash.point {
            case .idle:
                self.crash(slot)
                if let back = crash.restartAt { queue.push(.restart(slot: slot), at: max(back, now)) }
            case .betweenWriteAndSend:
                validators[slot].crashBetweenWriteAndSend = true
                if let back = crash.restartAt { queue.push(.restart(slot: slot), at: max(back, now)) }
            case .afterLaterRoundCommit:
                validators[slot].crashAfterLaterRoundCommit = true
            }
        case .restart(let slot):
            guard !validators[slot].isUp, !validators[slot].halted || synchronous else { return }
            validators[slot].crashBetweenWriteAndSend = false
            start(slot)
            replayTo(slot)
        case .diskFails(let slot):
            log("v\(validators[slot].index) disk fails")
            validators[slot].store.failWrites = true
        case .rebroadcast(let slot): rebroadcast(slot)
        case .byzantineTick(let slot): byzantineTick(slot)
        case .gst: beginSynchronousPeriod()
        }
    }

    private mutating func beginSynchronousPeriod() {
        synchronous = true
        log("GST")
        for slot in honestSlots {
            validators[slot].store.failWrites = false
            if !validators[slot].isUp {
                validators[slot].halted = false
                validators[slot].crashBetweenWriteAndSend = false
                start(slot)
                replayTo(slot)
            }
            validators[slot].crashBetweenWriteAndSend = false
            validators[slot].crashAfterLaterRoundCommit = false
        }
        let rounds = honestSlots.map { slot in
            max(validators[slot].instance?.round ?? 0, (try? validators[slot].store.load(height: 1))??.round ?? 0)
        }
        gstRound = rounds.max() ?? 0
        let low = rounds.min() ?? 0
        // Liveness bound. Honest validators in one round at GST meet a leader that is up within
        // f + 1 rounds (§7.6: the leaders of n consecutive rounds are the whole set); allow f + 2
        // past the highest round at GST. Validators whose rounds drifted apart during the
        // asynchronous period first meet again: the ones behind gain one increment (500 ms) per
        // round apart in every round, and the drift is at most the length of that period.
        let f = UInt64((n - 1) / 3)
        catchUpRounds = low == gstRound ? 0 : (schedule.gst + 499) / 500
        liveRoundBound = gstRound + f + 2 + catchUpRounds
        deadline = now + (low...liveRoundBound).reduce(0) { $0 + timeout($1) } + 2_000
    }

    // MARK: validators

    private mutating func start(_ slot: Int) {
        let v = validators[slot]
        var instance = IBFTInstance(
            chainID: SimulatedChain.chainID, height: 1, set: chain.genesis.validatorSet, seed: chain.tip.seed, me: v.index,
            identity: chain.identities[v.index], blsKey: chain.bls[v.index], signState: v.store)
        instance.injectedBugs = bugs
        validators[slot].incarnation += 1
        validators[slot].blocks = [:]
        validators[slot].awaiting = [:]
        validators[slot].sent = []
        // The node keeps the block it locked on with its lock.
        if let lock = (try? v.store.load(height: 1))??.prepared, let block = allBlocks[lock.value] {
            validators[slot].blocks[lock.value] = block
        }
        let chain = self.chain
        let (index, variant) = (v.index, v.variant)
        log("v\(v.index)/\(slot) starts (incarnation \(validators[slot].incarnation))")
        let out = instance.start(proposingFor: { chain.block(proposer: index, round: $0, variant: variant).header.hash })
        validators[slot].instance = instance
        process(slot, out)
    }

    private mutating func crash(_ slot: Int) {
        guard validators[slot].isUp else { return }
        log("v\(validators[slot].index)/\(slot) crashes")
        validators[slot].instance = nil
        validators[slot].incarnation += 1
        validators[slot].crashBetweenWriteAndSend = false
        validators[slot].crashAfterLaterRoundCommit = false
    }

    /// Runs an instance's outputs: its messages go to the network and back into itself.
    mutating func process(_ slot: Int, _ outputs: [IBFTOutput]) {
        var pending = outputs[...]
        while let output = pending.popFirst() {
            guard validators[slot].isUp else { return }
            switch output {
            case .broadcast(let m):
                if validators[slot].crashBetweenWriteAndSend {
                    log("v\(validators[slot].index)/\(slot) crashes after recording \(describe(m)), before sending it")
                    crash(slot)
                    return
                }
                validators[slot].sent.append(m)
                if validators[slot].isHonest { checkRoundMonotonicity(slot, m) }
                if m.kind == .prePrepare { attachOwnBlock(slot, m) }
                if validators[slot].role != nil {
                    byzantineSend(slot, m)
                } else {
                    send(m, from: slot)
                }
                guard validators[slot].isUp else { return }
                if m.kind == .commit, m.round > 0, validators[slot].crashAfterLaterRoundCommit {
                    log("v\(validators[slot].index)/\(slot) crashes right after \(describe(m))")
                    crash(slot)
                    queue.push(.restart(slot: slot), at: now + UInt64.random(in: 100...2_000, using: &rng))
                    return
                }
                pending.append(contentsOf: validators[slot].instance!.receive(m))
            case .scheduleTimeout(let round, let ms):
                queue.push(.timer(slot: slot, incarnation: validators[slot].incarnation, round: round), at: now + ms)
            case .decided(let value, let commit): decide(slot, value, commit)
            case .refusedToSign(let m):
                outcome.refusedToSign += 1
                log("v\(validators[slot].index)/\(slot) refuses to sign \(describe(m))")
            case .halt(let reason):
                outcome.halts += 1
                log("v\(validators[slot].index)/\(slot) halts: \(reason)")
                validators[slot].instance = nil
                validators[slot].halted = true
                validators[slot].incarnation += 1
            }
        }
    }

    /// Safety rule of §7.3 checked where it is broken, not only where a fork shows: an honest
    /// validator never signs a new message for a round below one it already signed in (entered),
    /// across crashes and restarts. Re-sending the very same bytes is not a new signature.
    private mutating func checkRoundMonotonicity(_ slot: Int, _ m: ConsensusMessage) {
        guard validators[slot].everSigned.insert(m.signature).inserted else { return }
        if m.round < validators[slot].highestSignedRound {
            violate(
                .safety, "round-rule",
                "validator \(validators[slot].index) signed a new \(describe(m)) after entering round \(validators[slot].highestSignedRound)"
            )
        }
        validators[slot].highestSignedRound = max(validators[slot].highestSignedRound, m.round)
    }

    /// A proposer's own PRE-PREPARE travels with its block.
    private mutating func attachOwnBlock(_ slot: Int, _ m: ConsensusMessage) {
        let v = validators[slot]
        if v.blocks[m.value] == nil {
            let own = chain.block(proposer: v.index, round: m.round, variant: v.variant)
            guard own.header.hash == m.value else { return }
            validators[slot].blocks[m.value] = own
            allBlocks[m.value] = own
        }
    }

    mutating func deliver(_ m: ConsensusMessage, to slot: Int) {
        guard validators[slot].isUp, decided[slot] == nil else { return }
        if validators[slot].role != nil { byzantineHeard(slot, m) }
        if m.kind == .prePrepare {
            guard let block = validators[slot].blocks[m.value] else {
                if validators[slot].awaiting.values.reduce(0, { $0 + $1.count }) < 64 {
                    validators[slot].awaiting[m.value, default: []].append(m)
                }
                return
            }
            if let why = ProposalBinding.violation(header: block.header, prePrepare: m) {
                outcome.bindingRefusals += 1
                log("v\(validators[slot].index)/\(slot) refuses \(describe(m)): \(why)")
                return
            }
        }
        log("v\(validators[slot].index)/\(slot) <- \(describe(m))")
        let out = validators[slot].instance!.receive(m)
        process(slot, out)
    }

    mutating func deliver(_ block: Block, to slot: Int) {
        let hash = block.header.hash
        guard validators[slot].isUp, validators[slot].blocks[hash] == nil else { return }
        if validators[slot].role != nil { validators[slot].heardBlocks[hash] = block }
        if let why = chain.invalidity(of: block, bugs: bugs) {
            log("v\(validators[slot].index)/\(slot) refuses block \(short(hash)): \(why)")
            return
        }
        validators[slot].blocks[hash] = block
        for m in validators[slot].awaiting.removeValue(forKey: hash) ?? [] { deliver(m, to: slot) }
    }

    /// Sync: a validator that has not decided takes a finalized block a peer sends, if it
    /// passes the light-client rules (as a node's sync does).
    private mutating func deliverFinalized(_ block: Block, _ commit: Commit, to slot: Int) {
        guard validators[slot].isUp, validators[slot].isHonest, decided[slot] == nil,
            chain.lightClientRefusal(of: block, commit: commit) == nil
        else { return }
        log("v\(validators[slot].index)/\(slot) syncs \(short(block.header.hash)) (commit round \(commit.round))")
        decide(slot, block.header.hash, commit)
    }

    private mutating func decide(_ slot: Int, _ value: Hash32, _ commit: Commit) {
        guard validators[slot].isHonest else {
            // A Byzantine validator's own instance decided: it publishes (or withholds, or forges).
            publishShare(slot)
            return
        }
        log("v\(validators[slot].index)/\(slot) DECIDES \(short(value)) in round \(commit.round)")
        decided[slot] = (value, commit)
        if let first = firstDecision, first != value {
            violate(
                .safety, "fork",
                "two values decided at height 1: \(short(first)) and \(short(value)) (validator \(validators[slot].index))")
            return
        }
        firstDecision = value
        guard let block = allBlocks[value] else {
            violate(
                .validity, "unknown-value", "validator \(validators[slot].index) decided \(short(value)), which no block carries")
            return
        }
        if let why = chain.inclusionViolation(of: block) {
            violate(
                .inclusion, "missed-inclusion",
                "the block decided by validator \(validators[slot].index) leaves a listed frame out: \(why)")
        } else if let why = chain.lightClientRefusal(of: block, commit: commit) {
            violate(
                .validity, "light-client",
                "the block decided by validator \(validators[slot].index) fails the light client: \(why)")
        } else if let why = chain.invalidity(of: block) {
            violate(
                .validity, "invalid-block",
                "the block decided by validator \(validators[slot].index) breaks the block-validity rules: \(why)")
        } else {
            publishShare(slot)
            tryReveal(slot)
        }
    }

    // MARK: network

    /// Sends `m` (with nothing else) from `slot` to every other slot.
    mutating func send(_ m: ConsensusMessage, from slot: Int, to targets: [Int]? = nil) {
        observe(m)
        for to in targets ?? Array(validators.indices) where to != slot {
            transmit(.message(to: to, m), from: slot, to: to)
        }
        if m.kind == .prePrepare, let block = validators[slot].blocks[m.value] ?? allBlocks[m.value] {
            for to in targets ?? Array(validators.indices) where to != slot {
                transmit(.block(to: to, block), from: slot, to: to)
            }
        }
    }

    mutating func transmit(_ event: SimulationEvent, from: Int, to: Int) {
        if !synchronous {
            for p in schedule.partitions where p.from <= now && now < p.until && p.groups[from] != p.groups[to] { return }
            if rng.chance(schedule.dropRate) { return }
            // COMMITs that reach only some validators (a quorum commits, few learn it).
            if case .message(_, let m) = event, m.kind == .commit, let lucky = schedule.commitsReachOnly,
                validators[to].index != lucky, rng.chance(0.9)
            {
                return
            }
            if case .message(_, let m) = event, m.kind == .prepare, m.round == 0, let lucky = schedule.preparesReachOnly,
                validators[to].index != lucky, rng.chance(0.9)
            {
                return
            }
        }
        let maxDelay = synchronous ? 50 : schedule.maxDelay
        queue.push(event, at: now + UInt64.random(in: 1...maxDelay, using: &rng))
        if !synchronous && rng.chance(schedule.duplicateRate) {
            queue.push(event, at: now + UInt64.random(in: 1...maxDelay, using: &rng))
        }
    }

    /// Safety beyond decisions: two different values must never each gather a quorum of COMMITs
    /// (from anyone, Byzantine included) — the light client would accept either.
    mutating func observe(_ m: ConsensusMessage) {
        guard m.kind == .commit else { return }
        commitVoters[m.round, default: [:]][m.value, default: []].insert(m.sender)
        guard 3 * commitVoters[m.round]![m.value]!.count > 2 * n, certified[m.value] == nil else { return }
        certified[m.value] = m.round
        log("COMMIT quorum for \(short(m.value)) in round \(m.round)")
        if certified.count > 1 {
            let all = certified.map { "\(short($0.key))@r\($0.value)" }.sorted().joined(separator: ", ")
            violate(.safety, "fork", "two values gathered a quorum of COMMITs: \(all)")
        }
    }

    private mutating func rebroadcast(_ slot: Int) {
        queue.push(.rebroadcast(slot: slot), at: now + 500)
        guard validators[slot].isUp else { return }
        if let (value, commit) = decided[slot], let block = allBlocks[value] {
            for to in validators.indices where to != slot && decided[to] == nil && validators[to].isHonest {
                transmit(.finalized(to: to, block, commit), from: slot, to: to)
            }
            if let share = publishedShare(slot) {
                for to in validators.indices where to != slot && validators[to].isHonest && validators[to].revealedAt == nil {
                    transmit(.keyShare(to: to, share, from: validators[slot].index), from: slot, to: to)
                }
            }
            return
        }
        for m in validators[slot].sent {
            for to in validators.indices where to != slot { transmit(.message(to: to, m), from: slot, to: to) }
            if m.kind == .prePrepare, let block = validators[slot].blocks[m.value] {
                for to in validators.indices where to != slot { transmit(.block(to: to, block), from: slot, to: to) }
            }
        }
    }

    func describe(_ m: ConsensusMessage) -> String {
        let kind = ["PRE-PREPARE", "PREPARE", "COMMIT", "ROUND-CHANGE"][Int(m.kind.rawValue)]
        return "\(kind)(r\(m.round), \(short(m.value))) from v\(m.sender)"
    }

    func short(_ h: Hash32) -> String { h == .zero ? "∅" : String(h.description.prefix(8)) }
}
