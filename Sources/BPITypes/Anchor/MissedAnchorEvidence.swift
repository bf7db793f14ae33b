import BPICodec
import BPIHash

/// Proof that a validator broke its `AnchorPledge` (docs/SPEC.md §18.11): the finalized header at
/// `height` is one the pledge covers, and the L1 it names carries no anchor of that header from the
/// pledged poster in any block from the pledge's `l1FromBlock` up to `l1Block`, the last L1 block
/// no later than the deadline, now at least the verifier's depth deep. The absence is an L1 fact:
/// the verifier reads it from an L1 node it trusts (`L1Window`), as `lc-verify --l1-rpc` reads
/// anchors; `l1BlockHash` pins the block, so an L1 reorganisation since makes the item stale, not
/// wrong.
public struct MissedAnchorEvidence: Sendable, Equatable {
    /// The broken pledge.
    public var pledge: AnchorPledge
    /// The height whose anchor is missing.
    public var height: UInt64
    /// The last L1 block whose timestamp is at or before the deadline.
    public var l1Block: UInt64
    /// Its hash (32 bytes).
    public var l1BlockHash: [UInt8]

    /// Creates evidence (not yet verified).
    public init(pledge: AnchorPledge, height: UInt64, l1Block: UInt64, l1BlockHash: [UInt8]) {
        self.pledge = pledge
        self.height = height
        self.l1Block = l1Block
        self.l1BlockHash = l1BlockHash
    }

    /// What an L1 node says about the evidence's window, read by the verifier.
    public struct L1Window: Sendable, Equatable {
        /// The L1's chain id (`eth_chainId`).
        public var chainID: UInt64
        /// The hash of its canonical block at `l1Block` (nil when it has none).
        public var blockHash: [UInt8]?
        /// That block's timestamp (seconds).
        public var blockTimestamp: UInt64
        /// The next block's timestamp (nil when there is none yet).
        public var nextTimestamp: UInt64?
        /// The L1's head.
        public var head: UInt64
        /// The header hashes of the pledged poster's `Anchored` logs for this mesh and height in
        /// blocks `l1FromBlock…l1Block`.
        public var anchored: [[UInt8]]

        /// Creates a window.
        public init(
            chainID: UInt64, blockHash: [UInt8]?, blockTimestamp: UInt64, nextTimestamp: UInt64?, head: UInt64,
            anchored: [[UInt8]]
        ) {
            self.chainID = chainID
            self.blockHash = blockHash
            self.blockTimestamp = blockTimestamp
            self.nextTimestamp = nextTimestamp
            self.head = head
            self.anchored = anchored
        }
    }

    /// Checks the evidence against the finalized `header` at `height`, the set signing it, and
    /// `l1` (read from an L1 node the verifier trusts), with the window's end at least `depth`
    /// L1 blocks deep. Returns the pledging validator's index in the set.
    public func verify(header: Header, set: ValidatorSet, chainID: String, l1: L1Window, depth: UInt64) throws(TypesError) -> Int
    {
        guard pledge.chainID == chainID, header.chainID == chainID, header.height == height else {
            throw .invalid("the pledge or the header is not this chain's at height \(height)")
        }
        guard pledge.isSigned else { throw .invalid("the pledge is not signed by the validator it names") }
        guard let v = set.validators.firstIndex(where: { $0.identityKey == pledge.validator }) else {
            throw .invalid("the pledging validator is not in the set signing height \(height)")
        }
        guard pledge.covers(height) else {
            throw .invalid(
                "the pledge covers every \(pledge.every)th height from \(pledge.fromHeight); \(height) is not one of them")
        }
        guard l1.chainID == pledge.l1ChainID else {
            throw .invalid("the L1 read is chain \(l1.chainID); the pledge names chain \(pledge.l1ChainID)")
        }
        guard l1Block >= pledge.l1FromBlock else { throw .invalid("L1 block \(l1Block) is before the pledge's first block") }
        guard l1.blockHash == l1BlockHash else {
            throw .invalid("the L1's block \(l1Block) is not the one the evidence names (an L1 reorganisation, or another L1)")
        }
        let deadline = pledge.deadline(headerTimestamp: header.timestamp)
        guard l1.blockTimestamp <= deadline, let next = l1.nextTimestamp, next > deadline else {
            throw .invalid("L1 block \(l1Block) is not the last block at or before the deadline (L1 time \(deadline))")
        }
        guard l1.head >= l1Block + depth else {
            throw .invalid("the window's end (L1 block \(l1Block + 1)) is not yet \(depth) blocks deep (head \(l1.head))")
        }
        guard !l1.anchored.contains(header.hash.bytes) else {
            throw .invalid("height \(height) was anchored in time by the pledged poster")
        }
        return v
    }
}

extension MissedAnchorEvidence: CBORCodable {
    /// `[1, pledge, height, l1Block, l1BlockHash]`.
    public var cborFields: [CBOR] {
        [.unsigned(1), pledge.cbor, .unsigned(height), .unsigned(l1Block), .bytes(l1BlockHash)]
    }

    /// Decodes.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("MissedAnchorEvidence.version: only version 1 is defined") }
        pledge = try f.next("pledge", as: AnchorPledge.self)
        height = try f.nextUInt("height")
        l1Block = try f.nextUInt("l1Block")
        l1BlockHash = try f.nextBytes("l1BlockHash", count: 32)
    }
}
