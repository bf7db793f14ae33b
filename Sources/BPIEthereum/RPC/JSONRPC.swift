import BPICodec
import Foundation

/// The JSON-RPC 2.0 encoding of the standard `eth_*` methods (docs/SPEC.md §18.5), apart from any
/// transport: request bodies, answers, quantities and data. The anchor poster sends them with
/// async-http-client, the light client with Foundation's URL loading; both read them here.
public enum JSONRPC {
    /// The body of a call (id 1).
    public static func request(_ method: String, _ params: [Any] = []) throws(JSONRPCError) -> Data {
        do {
            return try JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "id": 1, "method": method, "params": params])
        } catch {
            throw .malformed(method: method, "the parameters are not JSON: \(error)")
        }
    }

    /// The `result` member of an answer (`NSNull` for `null`), or the error the node gave.
    public static func result(of body: Data, method: String) throws(JSONRPCError) -> Any {
        guard let answer = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw .malformed(method: method, "not a JSON object")
        }
        if let error = answer["error"] as? [String: Any] {
            throw .rpc(method: method, code: (error["code"] as? Int) ?? 0, message: (error["message"] as? String) ?? "")
        }
        guard let result = answer["result"] else { throw .malformed(method: method, "no result") }
        return result
    }

    /// A block number or other quantity as JSON-RPC writes it.
    public static func hex(_ n: UInt64) -> String { "0x" + String(n, radix: 16) }

    /// A JSON-RPC quantity (`0x` hex, no leading zeros) that fits 64 bits.
    public static func quantity(_ value: Any, _ method: String) throws(JSONRPCError) -> UInt64 {
        guard let s = value as? String, s.hasPrefix("0x"), s.count > 2, s.count <= 18, let n = UInt64(s.dropFirst(2), radix: 16)
        else { throw .malformed(method: method, "\(value) is not a 64-bit quantity") }
        return n
    }

    /// JSON-RPC data (`0x` hex, even length).
    public static func bytes(_ value: Any, _ method: String) throws(JSONRPCError) -> [UInt8] {
        guard let s = value as? String, s.hasPrefix("0x"), let b = try? Hex.decode(s.dropFirst(2).lowercased()) else {
            throw .malformed(method: method, "\(value) is not 0x-hex data")
        }
        return b
    }

    /// The `eth_getLogs` filter of one contract, topics matched position by position (nil: any).
    public static func logFilter(address: EthereumAddress, topics: [[UInt8]?], from: UInt64, to: UInt64?) -> [String: Any] {
        [
            "address": address.checksummed, "fromBlock": hex(from), "toBlock": to.map(hex) ?? "latest",
            "topics": topics.map { t -> Any in t.map { "0x" + Hex.encode($0) } ?? NSNull() },
        ]
    }

    /// An `eth_getLogs` result.
    public static func logs(_ result: Any) throws(JSONRPCError) -> [EthereumLog] {
        guard let entries = result as? [[String: Any]] else { throw .malformed(method: "eth_getLogs", "not a list of logs") }
        var out: [EthereumLog] = []
        for e in entries { out.append(try EthereumLog(json: e)) }
        return out
    }
}
