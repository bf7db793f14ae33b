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

    /// Reads the JSON object a node returns.
    public init(json o: [String: Any]) throws(JSONRPCError) {
        let m = "eth_getTransactionReceipt"
        transactionHash = try JSONRPC.bytes(o["transactionHash"] ?? "", m)
        blockNumber = try JSONRPC.quantity(o["blockNumber"] ?? "", m)
        blockHash = try JSONRPC.bytes(o["blockHash"] ?? "", m)
        succeeded = try JSONRPC.quantity(o["status"] ?? "", m) == 1
        gasUsed = try JSONRPC.quantity(o["gasUsed"] ?? "", m)
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
