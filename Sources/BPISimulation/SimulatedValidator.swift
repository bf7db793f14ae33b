@_spi(Simulation) import BPIConsensus
import BPIHash
import BPIThreshold
import BPITypes

/// One validator process of a schedule (a slot: a twin shares its index with another slot).
/// Its `store` is its disk and survives crashes; everything else is lost with the process.
struct SimulatedValidator {
    let slot: Int
    let index: Int
    let role: ByzantineRole?
    /// Distinguishes a twin's blocks from its sibling's.
    let variant: UInt64
    let store = InMemorySignStateStore()
    var instance: IBFTInstance?
    var incarnation = 0
    var blocks: [Hash32: Block] = [:]
    var awaiting: [Hash32: [ConsensusMessage]] = [:]
    var sent: [ConsensusMessage] = []
    var crashBetweenWriteAndSend = false
    var crashAfterLaterRoundCommit = false
    /// Every signature this validator ever produced, and the highest round it signed in (its
    /// history across restarts, kept by the simulator to check the round rule).
    var everSigned = Set<[UInt8]>()
    var highestSignedRound: UInt64 = 0
    var halted = false
    /// What a Byzantine validator saw (replayer, equivocator, bogus round changer).
    var heard: [ConsensusMessage] = []
    var heardBlocks: [Hash32: Block] = [:]
    /// Height 1's key shares this validator holds, in the order it took them (each verified, one
    /// per participant). Key shares travel as frames in later blocks, so a restart keeps them.
    var keyShares: [DecryptionKeyShare] = []
    /// When it revealed height 1's key and opened the block's encrypted frames (nil: not yet).
    var revealedAt: UInt64?
    /// Whether it published its own key share (once; honest validators re-send it every 500 ms).
    var sharePublished = false

    var isHonest: Bool { role == nil }
    var isUp: Bool { instance != nil }

    init(slot: Int, index: Int, role: ByzantineRole?, variant: UInt64) {
        self.slot = slot
        self.index = index
        self.role = role
        self.variant = variant
    }
}
