import BPIConsensus
import BPIHash
import BPIRules
import BPITypes
import Foundation

/// Drives consensus for one validator (docs/SPEC.md §9.3): it owns the verified stored chain, the
/// IBFT instance of the height being decided and what surrounds it (blocks, messages for later
/// heights, evidence, sync), takes one `DriverInput` at a time and returns the `DriverEffect`s to
/// carry out — messages to send, timers, reports, a stop. It does no I/O but the store's: what
/// must be durable before a message leaves (the sign state, evidence, finalized blocks) is written
/// here, before the effect that sends it is returned. The validator service owns the network, the
/// clock's timers, the mempool and the figures.
///
/// Every consensus message is checked once on receipt (`MessageVerifier`) and the verified message
/// is what the equivocation detector, the buffer of later heights and the instance see.
public struct ConsensusDriver: Sendable {
    let config: NodeConfig
    let keys: ValidatorKeys
    let store: BlockStore
    let signState: ValidatorSignState
    /// The verified, stored chain; its light client holds the trusted validator set.
    var chain: ChainState
    /// The height being decided: its instance, blocks and messages.
    var round = HeightState()
    /// Messages and blocks for heights not reached yet, replayed when the validator gets there.
    var future = FutureMessages()
    var futureBlocks: [Hash32: Block] = [:]
    var verifier: MessageVerifier
    /// The `ChainState.setVersion` the verifier was made for.
    var verifierSetVersion = 0
    var sync = SyncState()
    var evidence: EvidencePool
    /// A censoring proposer's rewrite of its own proposals' frames and entries (devnet misbehaviour
    /// `censor`, `ByzantineBehaviour.censorship`); nil on an honest validator.
    var censor: (@Sendable ([Frame], [InclusionEntry]) -> ([Frame], [InclusionEntry]))?
    /// The replay of receipt frames (nil when `verify_receipts` is off), shared with the mempool.
    public let receipts: ReceiptReplayCheck?
    /// Set when the driver stopped for safety: it then ignores every input.
    public private(set) var stopped: NodeError?
    private var effects: [DriverEffect] = []

    /// A driver for the validator holding `keys`, resuming from `store`. It takes part in
    /// consensus at the heights whose set holds its identity key, and follows the chain by sync
    /// at the others (a standby validator before the set change that adds it, §19).
    public init(config: NodeConfig, genesis: Genesis, keys: ValidatorKeys, store: BlockStore) throws(NodeError) {
        self.config = config
        self.keys = keys
        self.store = store
        receipts = config.verifyReceipts ? ReceiptReplayCheck(pinned: { id in try store.pinnedAgreement(id: id)?.bundle }) : nil
        signState = ValidatorSignState(store: store)
        chain = try ChainState(genesis: genesis, store: store)
        verifier = MessageVerifier(set: chain.set)
        verifierSetVersion = chain.setVersion
        let stored: Int
        do {
            stored = try store.evidence().count
        } catch {
            throw .startup("cannot read the stored evidence: \(error)")
        }
        evidence = EvidencePool(chainID: genesis.chainID, set: chain.set, stored: stored)
    }

    /// This validator's index in the set signing the height being decided, or nil when that set
    /// does not hold it (it then only follows the chain).
    var me: Int? { self.set.validators.firstIndex { $0.identityKey == keys.identity.publicKey.bytes } }
    /// The trusted validator set.
    public var set: ValidatorSet { chain.set }
    /// The chain's id.
    public var chainID: String { chain.genesis.chainID }
    /// The height being decided.
    public var height: UInt64 { chain.next }
    /// The latest stored height.
    public var storedHeight: UInt64 { chain.height }
    /// The hash of the latest stored header (the genesis hash before height 1).
    public var lastHash: Hash32 { chain.lastHash }
    /// The round of the height being decided (0 between heights).
    public var currentRound: UInt64 { round.instance?.round ?? 0 }
    /// Evidence items recorded since the store was created.
    public var evidenceCount: Int { evidence.count }
    /// The highest stored height that at least f + 1 peers report reaching (f = ⌊(n−1)/3⌋), so at
    /// least one honest peer is there: one lying peer cannot make this validator look behind.
    /// 0 before enough peers reported.
    public var highestPeerHeight: UInt64 {
        let heights = sync.peerHeights.values.sorted(by: >)
        let f = (set.count - 1) / 3
        return heights.count > f ? heights[f] : 0
    }

    /// Takes one input and returns what to do, in order.
    public mutating func handle(_ input: DriverInput) -> [DriverEffect] {
        guard stopped == nil else { return [] }
        switch input {
        case .consensus(let m, let peer): receiveConsensus(m, from: peer)
        case .proposal(let block): receiveProposal(block)
        case .status(let h, let peer): receiveStatus(h, from: peer)
        case .syncRequest(let from, let count, let peer): answerSync(from: from, count: count, to: peer)
        case .syncResponse(let blocks): receiveSync(blocks)
        case .startHeight(let h, let connected, let frames): startHeight(h, connected: connected, frames: frames)
        case .timeout(let h, let r): timeout(height: h, round: r)
        case .tick: tick()
        }
        defer { effects = [] }
        return effects
    }

    /// Milliseconds since the Unix epoch (header timestamps, the proposal time window).
    static func nowMilliseconds() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }

    mutating func emit(_ effect: DriverEffect) { effects.append(effect) }
    mutating func report(_ report: DriverReport) { effects.append(.report(report)) }

    /// Stops for good: nothing more is signed or sent, and the service ends with `error`. Used
    /// when the sign state cannot be written or read, and when a decided block fails the
    /// light-client rules — both must be impossible, never silent.
    mutating func stop(_ error: NodeError) {
        guard stopped == nil else { return }
        stopped = error
        round.instance = nil
        effects.append(.stop(error))
    }

    /// Sends a message of this height and remembers it for re-sending.
    mutating func send(_ message: WireMessage) {
        round.sent(message)
        emit(.broadcast(message))
    }

    /// Every 250 ms: status to the peers, re-sends of this height's messages, a sync for a
    /// decision still missing its block.
    private mutating func tick() {
        emit(.broadcast(.status(height: chain.height)))
        for m in round.rebroadcastDue() { emit(.broadcast(m)) }
        if round.decidedAwaitingBody, let peer = sync.peer(holding: height) { requestSync(from: peer) }
    }
}
