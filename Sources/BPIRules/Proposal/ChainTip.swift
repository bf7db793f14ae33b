import BPIHash
import BPITypes

/// The finalized chain a proposal must extend: its chain id, the last finalized header's height,
/// hash, timestamp and VRF output (the next height's seed), the validator set that signs next, and
/// the frames the next block is bound to carry or reject.
public struct ChainTip: Sendable, Equatable {
    /// The chain.
    public var chainID: String
    /// The last finalized height (0 at genesis).
    public var height: UInt64
    /// The last finalized header's hash (the genesis hash at height 0).
    public var hash: Hash32
    /// The last finalized header's timestamp (the genesis time at height 0), in ms.
    public var timestamp: UInt64
    /// The seed of the next height (§7.6): the last header's VRF output, or the genesis hash.
    public var seed: [UInt8]
    /// The set that signs the next height.
    public var set: ValidatorSet
    /// The set the next header must name as the one after it, when a change takes effect right
    /// after it (docs/SPEC.md §19); nil: the same set signs on.
    public var nextSet: ValidatorSet?
    /// The chain's Proof-of-History parameters (from its genesis).
    public var poh: PoHParameters
    /// The ids of the frames the last block's inclusion lists name, in order: the next block's
    /// obligations (docs/SPEC.md §17.2).
    public var obligations: [Hash32]

    /// A tip.
    public init(
        chainID: String, height: UInt64, hash: Hash32, timestamp: UInt64, seed: [UInt8], set: ValidatorSet,
        poh: PoHParameters = .standard, obligations: [Hash32] = [], nextSet: ValidatorSet? = nil
    ) {
        self.obligations = obligations
        self.nextSet = nextSet
        self.poh = poh
        self.chainID = chainID
        self.height = height
        self.hash = hash
        self.timestamp = timestamp
        self.seed = seed
        self.set = set
    }

    /// The tip of a chain at genesis.
    public init(genesis: Genesis) {
        self.init(
            chainID: genesis.chainID, height: 0, hash: genesis.hash, timestamp: genesis.genesisTime, seed: genesis.hash.bytes,
            set: genesis.validatorSet, poh: genesis.poh)
    }
}
