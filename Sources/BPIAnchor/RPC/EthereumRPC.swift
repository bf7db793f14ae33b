import AsyncHTTPClient
import BPICodec
import BPIEthereum
import Foundation
import NIOCore
import NIOFoundationCompat

/// A JSON-RPC client of an Ethereum-style L1, over HTTP with async-http-client. It uses only the
/// standard `eth_*` methods (docs/SPEC.md §18.5), so it works the same against the test stub
/// (`Tests/L1/evm_stub.py`) and a real node.
public struct EthereumRPC: Sendable {
    /// The endpoint, e.g. `http://127.0.0.1:8545`.
    public let endpoint: String
    let client: HTTPClient
    let timeout: TimeAmount

    /// The process's shared client: connections give up after 3 s, requests after `timeout`.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(3)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public init(endpoint: String, client: HTTPClient = EthereumRPC.sharedClient, timeout: TimeAmount = .seconds(10)) {
        self.endpoint = endpoint
        self.client = client
        self.timeout = timeout
    }

    /// One call; the `result` member as JSON bytes (`null` included), or the error the node gave.
    public func call(_ method: String, _ params: [Any] = []) async throws(AnchorError) -> Any {
        let body = try Self.map { () throws(JSONRPCError) in try JSONRPC.request(method, params) }
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(data: body))
        let answer: Data
        do {
            let response = try await client.execute(request, timeout: timeout)
            let collected = try await response.body.collect(upTo: 1 << 26)
            guard response.status.code == 200 else {
                throw AnchorError.unreachable(endpoint: endpoint, "HTTP \(response.status.code)")
            }
            answer = Data(buffer: collected)
        } catch let error as AnchorError {
            throw error
        } catch {
            throw .unreachable(endpoint: endpoint, "\(error)")
        }
        return try Self.map { () throws(JSONRPCError) in try JSONRPC.result(of: answer, method: method) }
    }

    /// Runs a decoding step, its refusal as an `AnchorError`.
    static func map<T>(_ body: () throws(JSONRPCError) -> T) throws(AnchorError) -> T {
        do {
            return try body()
        } catch {
            throw AnchorError(error)
        }
    }

    // MARK: Typed methods

    /// `eth_chainId`.
    public func chainID() async throws(AnchorError) -> UInt64 { try Self.quantity(try await call("eth_chainId"), "eth_chainId") }

    /// `eth_blockNumber`: the head.
    public func blockNumber() async throws(AnchorError) -> UInt64 {
        try Self.quantity(try await call("eth_blockNumber"), "eth_blockNumber")
    }

    /// `eth_getTransactionCount` at the head, or counting pending transactions.
    public func transactionCount(_ address: EthereumAddress, pending: Bool) async throws(AnchorError) -> UInt64 {
        let r = try await call("eth_getTransactionCount", [address.checksummed, pending ? "pending" : "latest"])
        return try Self.quantity(r, "eth_getTransactionCount")
    }

    /// The next block's base fee, from `eth_feeHistory` (its last entry).
    public func nextBaseFee() async throws(AnchorError) -> UInt64 {
        let r = try await call("eth_feeHistory", ["0x1", "latest", [] as [Any]])
        guard let fees = (r as? [String: Any])?["baseFeePerGas"] as? [Any], let last = fees.last else {
            throw .malformed(method: "eth_feeHistory", "no baseFeePerGas")
        }
        return try Self.quantity(last, "eth_feeHistory")
    }

    /// `eth_maxPriorityFeePerGas`: the tip the node suggests.
    public func suggestedTip() async throws(AnchorError) -> UInt64 {
        try Self.quantity(try await call("eth_maxPriorityFeePerGas"), "eth_maxPriorityFeePerGas")
    }

    /// `eth_sendRawTransaction`; the transaction hash the node reports.
    public func sendRawTransaction(_ raw: [UInt8]) async throws(AnchorError) -> [UInt8] {
        try Self.bytes(try await call("eth_sendRawTransaction", ["0x" + Hex.encode(raw)]), "eth_sendRawTransaction")
    }

    /// `eth_getTransactionReceipt`: nil while the transaction is not in a block of the canonical chain.
    public func receipt(_ hash: [UInt8]) async throws(AnchorError) -> TransactionReceipt? {
        let r = try await call("eth_getTransactionReceipt", ["0x" + Hex.encode(hash)])
        if r is NSNull { return nil }
        guard let object = r as? [String: Any] else { throw .malformed(method: "eth_getTransactionReceipt", "not an object") }
        return try Self.map { () throws(JSONRPCError) in try TransactionReceipt(json: object) }
    }

    /// The hash of the canonical block at `number`, or nil above the head.
    public func blockHash(_ number: UInt64) async throws(AnchorError) -> [UInt8]? {
        let r = try await call("eth_getBlockByNumber", [Self.hex(number), false])
        if r is NSNull { return nil }
        guard let hash = (r as? [String: Any])?["hash"] else { throw .malformed(method: "eth_getBlockByNumber", "no hash") }
        return try Self.bytes(hash, "eth_getBlockByNumber")
    }

    /// The hash and timestamp (seconds) of the canonical block at `number`, or nil above the head.
    public func block(_ number: UInt64) async throws(AnchorError) -> (hash: [UInt8], timestamp: UInt64)? {
        let r = try await call("eth_getBlockByNumber", [Self.hex(number), false])
        if r is NSNull { return nil }
        guard let object = r as? [String: Any], let hash = object["hash"], let time = object["timestamp"] else {
            throw .malformed(method: "eth_getBlockByNumber", "no hash or timestamp")
        }
        return (try Self.bytes(hash, "eth_getBlockByNumber"), try Self.quantity(time, "eth_getBlockByNumber"))
    }

    /// `eth_getLogs` of one contract, topics matched position by position (nil: any).
    public func logs(
        address: EthereumAddress, topics: [[UInt8]?], from: UInt64, to: UInt64? = nil
    ) async throws(AnchorError) -> [EthereumLog] {
        let r = try await call("eth_getLogs", [JSONRPC.logFilter(address: address, topics: topics, from: from, to: to)])
        return try Self.map { () throws(JSONRPCError) in try JSONRPC.logs(r) }
    }

    /// `eth_call` at the head.
    public func call(to: EthereumAddress, data: [UInt8]) async throws(AnchorError) -> [UInt8] {
        let r = try await call("eth_call", [["to": to.checksummed, "data": "0x" + Hex.encode(data)], "latest"])
        return try Self.bytes(r, "eth_call")
    }

    // MARK: JSON quantities and data

    static func hex(_ n: UInt64) -> String { JSONRPC.hex(n) }

    static func quantity(_ value: Any, _ method: String) throws(AnchorError) -> UInt64 {
        try map { () throws(JSONRPCError) in try JSONRPC.quantity(value, method) }
    }

    static func bytes(_ value: Any, _ method: String) throws(AnchorError) -> [UInt8] {
        try map { () throws(JSONRPCError) in try JSONRPC.bytes(value, method) }
    }
}
