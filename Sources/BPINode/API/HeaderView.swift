import BPICodec
import BPITypes

/// The JSON form of a finalized header and its commit (`GET /v1/headers…`).
public struct HeaderView: Codable, Sendable, Equatable {
    public var height: UInt64
    public var hash: String
    public var round: UInt64
    public var timestamp: UInt64
    public var proposer: UInt64
    public var prevHash: String
    public var validatorSetHash: String
    public var framesRoot: String
    /// The root of the block's Proof-of-History tick list (`GET /v1/blocks/{height}/poh`).
    public var pohRoot: String
    /// The root of the block's DockLock receipts (`GET /v1/receipts/{id}/proof`).
    public var receiptsRoot: String
    /// The root of the data-availability objects the block commits (`GET /v1/da/objects/{id}`).
    public var daRoot: String
    public var evidenceRoot: String
    public var vrfOutput: String
    /// The round the commit was signed in (≥ `round` when a later round re-proposed the header).
    public var commitRound: UInt64
    /// Indices of the validators whose signatures the aggregate holds.
    public var signers: [Int]
    public var aggregateSignature: String
    /// The canonical CBOR of the whole light-client entry, hex.
    public var entry: String

    /// The view of a stored entry of `store`, its signers read against the set signing its height.
    init(_ e: ChainEntry, store: BlockStore, genesisSet: ValidatorSet) throws(BlockStoreError) {
        self.init(e, validators: try store.validatorSet(signing: e.header.height, genesisSet: genesisSet).count)
    }

    /// The view of an entry whose height `validators` validators sign.
    public init(_ e: ChainEntry, validators: Int) {
        let h = e.header
        height = h.height
        hash = h.hash.description
        round = h.round
        timestamp = h.timestamp
        proposer = h.proposerIndex
        prevHash = h.prevHash.description
        validatorSetHash = h.validatorSetHash.description
        framesRoot = h.framesRoot.description
        pohRoot = h.pohRoot.description
        receiptsRoot = h.receiptsRoot.description
        daRoot = h.daRoot.description
        evidenceRoot = h.evidenceRoot.description
        vrfOutput = Hex.encode(h.vrfOutput)
        commitRound = e.commit.round
        signers = (try? e.commit.signers.signers(count: validators)) ?? []
        aggregateSignature = Hex.encode(e.commit.aggregateSignature)
        entry = Hex.encode(e.canonicalBytes())
    }
}
