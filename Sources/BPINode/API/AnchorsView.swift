import BPIAnchor
import BPICodec
import BPIEthereum
import BPITypes

/// What `GET /v1/anchors` answers (docs/SPEC.md §18.6): this validator's anchor posting, per L1.
public struct AnchorsView: Codable, Sendable, Equatable {
    /// One L1.
    public struct L1: Codable, Sendable, Equatable {
        /// One anchor in flight.
        public struct Pending: Codable, Sendable, Equatable {
            public var height: UInt64
            public var nonce: UInt64
            /// The current version's hash (0x hex).
            public var transaction: String
            public var maxFeePerGas: UInt64
            /// Versions sent under the nonce (more than one after a re-pricing).
            public var versions: Int
            /// The L1 block that includes it, while one does (null: not mined, or dropped by a reorg).
            public var includedIn: UInt64?
        }
        /// One confirmed anchor.
        public struct Confirmed: Codable, Sendable, Equatable {
            public var height: UInt64
            public var headerHash: String
            public var transaction: String
            public var l1Block: UInt64
            /// Milliseconds from finality to inclusion seen, and to the confirmation depth.
            public var inclusionMs: UInt64
            public var confirmationMs: UInt64
        }
        public var name: String
        public var chainID: UInt64
        public var contract: String
        public var confirmations: UInt64
        public var feeCapWei: UInt64
        /// The highest confirmed height (0: none).
        public var confirmedHeight: UInt64
        public var queued: [UInt64]
        public var pending: [Pending]
        /// The most recent confirmed anchors, oldest first (up to 256).
        public var confirmed: [Confirmed]
        public var repriced: UInt64
        public var feeCapBlocked: UInt64
        public var reposted: UInt64
        /// Why the poster stopped, if it did.
        public var stopped: String?
        /// The last problem reaching the L1, while it lasts.
        public var problem: String?
        /// This validator's signed pledge for this L1 (canonical `AnchorPledge`, hex), if it made one.
        public var pledge: String?
    }

    /// Heights anchored: every multiple of this.
    public var every: UInt64
    /// The L1 account that posts (EIP-55).
    public var poster: String
    public var l1: [L1]

    init(every: UInt64, poster: String, targets: [(AnchorTarget, AnchorState, String?, String?)], pledges: [String: AnchorPledge])
    {
        self.every = every
        self.poster = poster
        l1 = targets.map { t, s, stopped, problem in
            L1(
                name: t.name, chainID: t.chainID, contract: t.contract.checksummed, confirmations: t.confirmations,
                feeCapWei: t.feeCap, confirmedHeight: s.confirmed.last?.height ?? 0, queued: s.queued.map(\.height),
                pending: s.pending.map { p in
                    L1.Pending(
                        height: p.request.height, nonce: p.nonce,
                        transaction: "0x" + Hex.encode(Keccak256.hash(p.versions.last!)),
                        maxFeePerGas: p.maxFeePerGas, versions: p.versions.count,
                        includedIn: p.includedInBlock == 0 ? nil : p.includedInBlock)
                },
                confirmed: s.confirmed.map { c in
                    L1.Confirmed(
                        height: c.height, headerHash: Hex.encode(c.headerHash), transaction: "0x" + Hex.encode(c.transactionHash),
                        l1Block: c.l1Block, inclusionMs: c.inclusionLatency, confirmationMs: c.confirmationLatency)
                },
                repriced: s.bumps, feeCapBlocked: s.feeCapBlocks, reposted: s.reposts, stopped: stopped, problem: problem,
                pledge: pledges[t.name].map { Hex.encode($0.canonicalBytes()) })
        }
    }
}
