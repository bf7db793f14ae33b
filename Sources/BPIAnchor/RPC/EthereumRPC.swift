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
        let body: Data
        do {
            body = try JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "id": 1, "method": method, "params": params])
        } catch {
            throw .malformed(method: method, "the parameters are not JSON: \(error)")
        }
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(data: body))
        let answer: [String: Any]
        do {
            let response = try await client.execute(request, timeout: timeout)
            let collected = try await response.body.collect(upTo: 1 << 26)
            guard response.status.code == 200 else {
                throw AnchorError.unreachable(endpoint: endpoint, "HTTP \(response.status.code)")
            }
            guard let object = try JSONSerialization.jsonObject(with: Data(buffer: collected)) as? [String: Any] else {
                throw AnchorError.malformed(method: method, "not a JSON object")
            }
            answer = object
        } catch let error as AnchorError {
            throw error
        } catch {
            throw .unreachable(endpoint: endpoint, "\(error)")
        }
        if let error = answer["error"] as? [String: Any] {
            throw .rpc(method: method, code: (error["code"] as? Int) ?? 0, message: (error["message"] as? String) ?? "")
        }
        guard let result = answer["result"] else { throw .malformed(method: method, "no result") }
        return result
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
        return try TransactionReceipt(json: object)
    }

    /// The hash of the canonical block at `number`, or nil above the head.
    public func blockHash(_ number: UInt64) async throws(AnchorError) -> [UInt8]? {
        let r = try await call("eth_getBlockByNumber", [Self.hex(number), false])
        if r is NSNull { return nil }
        guard let hash = (r as? [String: Any])?["hash"] else { throw .malformed(method: "eth_getBlockByNumber", "no hash") }
        return try Self.bytes(hash, "eth_getBlockByNumber")
    }

    /// `eth_getLogs` of one contract, topics matched position by position (nil: any).
    public func logs(
        address: EthereumAddress, topics: [[UInt8]?], from: UInt64, to: UInt64? = nil
    ) async throws(AnchorError) -> [EthereumLog] {
        let filter: [String: Any] = [
            "address": address.checksummed, "fromBlock": Self.hex(from), "toBlock": to.map(Self.hex) ?? "latest",
            "topics": topics.map { t -> Any in t.map { "0x" + Hex.encode($0) } ?? NSNull() },
        ]
        let r = try await call("eth_getLogs", [filter])
        guard let entries = r as? [[String: Any]] else { throw .malformed(method: "eth_getLogs", "not a list of logs") }
        var out: [EthereumLog] = []
        for e in entries { out.append(try EthereumLog(json: e)) }
        return out
    }

    /// `eth_call` at the head.
    public func call(to: EthereumAddress, data: [UInt8]) async throws(AnchorError) -> [UInt8] {
        let r = try await call("eth_call", [["to": to.checksummed, "data": "0x" + Hex.encode(data)], "latest"])
        return try Self.bytes(r, "eth_call")
    }

    // MARK: JSON quantities and data

    static func hex(_ n: UInt64) -> String { "0x" + String(n, radix: 16) }

    /// A JSON-RPC quantity (`0x` hex, no leading zeros) that fits 64 bits.
    static func quantity(_ value: Any, _ method: String) throws(AnchorError) -> UInt64 {
        guard let s = value as? String, s.hasPrefix("0x"), s.count > 2, s.count <= 18, let n = UInt64(s.dropFirst(2), radix: 16)
        else { throw .malformed(method: method, "\(value) is not a 64-bit quantity") }
        return n
    }

    /// JSON-RPC data (`0x` hex, even length).
    static func bytes(_ value: Any, _ method: String) throws(AnchorError) -> [UInt8] {
        guard let s = value as? String, s.hasPrefix("0x"), let b = try? Hex.decode(s.dropFirst(2).lowercased()) else {
            throw .malformed(method: method, "\(value) is not 0x-hex data")
        }
        return b
    }
}
