/// One event log as `eth_getLogs` and receipts return it, with where it sits on the L1.
public struct EthereumLog: Sendable, Equatable {
    public let address: EthereumAddress
    public let topics: [[UInt8]]
    public let data: [UInt8]
    public let blockNumber: UInt64
    public let blockHash: [UInt8]
    public let transactionHash: [UInt8]
    public let logIndex: UInt64

    public init(
        address: EthereumAddress, topics: [[UInt8]], data: [UInt8], blockNumber: UInt64, blockHash: [UInt8],
        transactionHash: [UInt8], logIndex: UInt64
    ) {
        self.address = address
        self.topics = topics
        self.data = data
        self.blockNumber = blockNumber
        self.blockHash = blockHash
        self.transactionHash = transactionHash
        self.logIndex = logIndex
    }

    /// Reads the JSON object a node returns.
    public init(json o: [String: Any]) throws(JSONRPCError) {
        let m = "eth_getLogs"
        guard let a = o["address"] as? String, let address = try? EthereumAddress(hex: a) else {
            throw .malformed(method: m, "a log without an address")
        }
        guard let topics = o["topics"] as? [Any] else { throw .malformed(method: m, "a log without topics") }
        self.address = address
        var t: [[UInt8]] = []
        for topic in topics { t.append(try JSONRPC.bytes(topic, m)) }
        self.topics = t
        data = try JSONRPC.bytes(o["data"] ?? "", m)
        blockNumber = try JSONRPC.quantity(o["blockNumber"] ?? "", m)
        blockHash = try JSONRPC.bytes(o["blockHash"] ?? "", m)
        transactionHash = try JSONRPC.bytes(o["transactionHash"] ?? "", m)
        logIndex = try JSONRPC.quantity(o["logIndex"] ?? "", m)
    }
}
