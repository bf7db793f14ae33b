import BPIEthereum

/// One L1 the poster anchors to, and how (docs/SPEC.md §18.6).
public struct AnchorTarget: Sendable, Equatable {
    /// A short name for logs, metrics and the API (`evm-a`).
    public var name: String
    /// The JSON-RPC endpoint.
    public var endpoint: String
    /// The L1's chain id (checked against `eth_chainId` before the first post).
    public var chainID: UInt64
    /// The anchor contract (`contracts/AnchorLog.vy`) on that L1.
    public var contract: EthereumAddress
    /// L1 blocks, counting the one that includes it, before an anchor counts as confirmed.
    public var confirmations: UInt64
    /// The tip offered per gas, in wei.
    public var tip: UInt64
    /// The most the poster ever offers per gas, in wei: under a spike above it, anchors wait
    /// (and `fee-cap-blocked` is reported) rather than spend more.
    public var feeCap: UInt64
    /// Gas limit of an anchor transaction.
    public var gasLimit: UInt64
    /// L1 blocks a transaction may wait unmined before the poster re-prices or re-sends it.
    public var patience: UInt64
    /// What this validator pledges for this L1, if anything (docs/SPEC.md §18.11).
    public var pledge: PledgeTerms?

    public init(
        name: String, endpoint: String, chainID: UInt64, contract: EthereumAddress, confirmations: UInt64 = 3,
        tip: UInt64 = 1_000_000_000, feeCap: UInt64 = 500_000_000_000, gasLimit: UInt64 = 100_000, patience: UInt64 = 2
    ) {
        self.name = name
        self.endpoint = endpoint
        self.chainID = chainID
        self.contract = contract
        self.confirmations = max(1, confirmations)
        self.tip = tip
        self.feeCap = feeCap
        self.gasLimit = gasLimit
        self.patience = max(1, patience)
    }
}
