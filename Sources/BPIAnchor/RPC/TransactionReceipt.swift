import BPIEthereum

/// What `eth_getTransactionReceipt` says of a transaction in a block.
public struct TransactionReceipt: Sendable, Equatable {
    public let transactionHash: [UInt8]
    public let blockNumber: UInt64
    public let blockHash: [UInt8]
    /// Whether it executed without reverting.
    public let succeeded: Bool
    public let gasUsed: UInt64
    /// The address a contract creation made.
    public let contractAddress: EthereumAddress?
    public let logs: [EthereumLog]

    init(json o: [String: Any]) throws(AnchorError) {
        let m = "eth_getTransactionReceipt"
        transactionHash = try EthereumRPC.bytes(o["transactionHash"] ?? "", m)
        blockNumber = try EthereumRPC.quantity(o["blockNumber"] ?? "", m)
        blockHash = try EthereumRPC.bytes(o["blockHash"] ?? "", m)
        succeeded = try EthereumRPC.quantity(o["status"] ?? "", m) == 1
        gasUsed = try EthereumRPC.quantity(o["gasUsed"] ?? "", m)
        if let c = o["contractAddress"] as? String {
            guard let a = try? EthereumAddress(hex: c) else { throw .malformed(method: m, "contractAddress \(c)") }
            contractAddress = a
        } else {
            contractAddress = nil
        }
        var logs: [EthereumLog] = []
        for entry in (o["logs"] as? [[String: Any]]) ?? [] { logs.append(try EthereumLog(json: entry)) }
        self.logs = logs
    }
}
