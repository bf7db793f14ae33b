import BPIConsensus
import BPIHash
import BPIRules
import BPITypes

/// The height being decided: its IBFT instance, the blocks received for it, PRE-PREPAREs and
/// PREPAREs waiting for their block (bounded, also per sender), the validator's own block for each round it may lead, and what it
/// sent — re-sent every 500 ms until the height is decided, so loss delays but never stalls.
struct HeightState: Sendable {
    /// The IBFT instance, nil between heights (and after a fatal stop).
    var instance: IBFTInstance?
    /// Blocks of this height that passed `BlockValidity`, by header hash.
    var blocks: [Hash32: Block] = [:]
    /// This validator's block for each round of the height, should it lead one.
    var ownProposal: (@Sendable (UInt64) -> Block)?
    /// When the instance started.
    private(set) var startedAt = ContinuousClock.now
    /// The instance decided, but the block never arrived: sync completes it.
    var decidedAwaitingBody = false
    private var awaitingBlock: [Hash32: [VerifiedMessage]] = [:]
    /// Proposals refused for leaving out an obligation (§17.3), with the frame left out (at most 8).
    private var omitting: [Hash32: (block: Block, frameID: Hash32)] = [:]
    private var sent: [WireMessage] = []
    private var lastRebroadcast = ContinuousClock.now

    /// PRE-PREPAREs and PREPAREs held for blocks not received yet, at most, and at most per sender
    /// (a validator PREPARE-ing made-up values cannot crowd out the others; senders re-send every 500 ms).
    static let maxAwaiting = 64
    static let maxAwaitingPerSender = 4

    /// Starts deciding with `instance`.
    mutating func begin(_ instance: IBFTInstance, proposal: @escaping @Sendable (UInt64) -> Block) {
        self = HeightState()
        self.instance = instance
        ownProposal = proposal
        startedAt = .now
    }

    /// The height was decided and stored: nothing of it is kept.
    mutating func end() { self = HeightState() }

    /// How long the instance has been running (nil between heights).
    var running: Duration? { instance == nil ? nil : ContinuousClock.now - startedAt }

    /// Remembers a message this validator sent, for re-sending.
    mutating func sent(_ m: WireMessage) { sent.append(m) }

    /// The messages to re-send now (every 500 ms while the height is undecided).
    mutating func rebroadcastDue(now: ContinuousClock.Instant = .now) -> [WireMessage] {
        guard instance != nil, now - lastRebroadcast >= .milliseconds(500) else { return [] }
        lastRebroadcast = now
        return sent
    }

    /// Holds a PRE-PREPARE or PREPARE until its block arrives (dropped once `maxAwaiting` are
    /// held, or `maxAwaitingPerSender` of its sender).
    mutating func await(_ m: VerifiedMessage) {
        let held = awaitingBlock.values.joined()
        guard held.count < Self.maxAwaiting,
            held.lazy.filter({ $0.message.sender == m.message.sender }).count < Self.maxAwaitingPerSender
        else { return }
        awaitingBlock[m.message.value, default: []].append(m)
    }

    /// Remembers a proposal refused for leaving out `frameID` (its PRE-PREPARE stays held).
    mutating func refusedForOmission(_ block: Block, frameID: Hash32) {
        guard omitting.count < 8 else { return }
        omitting[block.header.hash] = (block, frameID)
    }

    /// Each refused omitting proposal with its proposer's PRE-PREPARE, if one arrived.
    var omissions: [(proposal: ConsensusMessage, block: Block, frameID: Hash32)] {
        omitting.compactMap { hash, item in
            awaitingBlock[hash]?.first { $0.message.kind == .prePrepare && $0.message.sender == item.block.header.proposerIndex }
                .map { ($0.message, item.block, item.frameID) }
        }
    }

    /// The messages that were waiting for block `hash`.
    mutating func released(by hash: Hash32) -> [VerifiedMessage] { awaitingBlock.removeValue(forKey: hash) ?? [] }
}
