import BPICodec
import BPIEthereum
import BPIToolKit
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Reads a mesh's anchors from an L1's anchor contract over standard JSON-RPC (`eth_chainId`,
/// `eth_blockNumber`, `eth_getLogs`; docs/SPEC.md §18.5, §18.7): what `lc-verify --l1-rpc` and
/// `bpi anchor list` use. Foundation's URL loading carries the calls, so the light client links
/// no SwiftNIO. Only anchors of the given posters count: anyone may call the contract.
public struct L1AnchorReader: Sendable {
    /// The L1's JSON-RPC endpoint.
    public let endpoint: String
    /// Seconds a call may take.
    public let timeout: Double

    public init(endpoint: String, timeout: Double = 10) {
        self.endpoint = endpoint
        self.timeout = timeout
    }

    /// One call's `result`.
    func call(_ method: String, _ params: [Any] = []) async throws(ToolError) -> Any {
        guard let url = URL(string: endpoint), url.scheme == "http" || url.scheme == "https" else {
            throw .badInput("--l1-rpc \(endpoint) is not an http(s) URL")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let answer: Data
        do {
            request.httpBody = try JSONRPC.request(method, params)
            let (data, response) = try await URLSession.shared.data(for: request)
            guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
                throw ToolError.io(
                    "L1 \(endpoint) answered \(method) with HTTP \((response as? HTTPURLResponse)?.statusCode ?? 0)")
            }
            answer = data
        } catch let error as ToolError {
            throw error
        } catch let error as JSONRPCError {
            throw .badInput(error.description)
        } catch {
            throw .io("L1 \(endpoint) is unreachable: \(error.localizedDescription)")
        }
        do {
            return try JSONRPC.result(of: answer, method: method)
        } catch {
            throw .io(error.description)
        }
    }

    /// The anchors of mesh `chainID` in `contract`, oldest first, with their L1 inclusion data and
    /// depth; only those of `posters` when given (`l1` names the L1 in the entries).
    public func anchors(contract: String, chainID: String, posters: [String] = [], l1: String = "l1") async throws(ToolError)
        -> [AnchorFile.Entry]
    {
        let address: EthereumAddress
        let allowed: [EthereumAddress]
        do {
            address = try EthereumAddress(hex: contract)
            allowed = try posters.map { (p: String) throws(EthereumError) in try EthereumAddress(hex: p) }
        } catch {
            throw .badInput("\(error)")
        }
        do {
            let l1ChainID = try JSONRPC.quantity(try await call("eth_chainId"), "eth_chainId")
            let head = try JSONRPC.quantity(try await call("eth_blockNumber"), "eth_blockNumber")
            let filter = JSONRPC.logFilter(
                address: address, topics: [AnchorLogContract.anchoredTopic, AnchorLogContract.meshID(chainID: chainID)], from: 0,
                to: nil)
            let logs = try JSONRPC.logs(try await call("eth_getLogs", [filter]))
            return logs.compactMap { log -> AnchorFile.Entry? in
                guard log.address == address, let e = AnchorLogContract.decode(topics: log.topics, data: log.data),
                    allowed.isEmpty || allowed.contains(e.poster)
                else { return nil }
                return AnchorFile.Entry(
                    height: e.height, headerHash: Hex.encode(e.headerHash), validatorSetHash: Hex.encode(e.validatorSetHash),
                    l1: l1, l1ChainID: l1ChainID, contract: address.checksummed, poster: e.poster.checksummed,
                    l1Block: log.blockNumber, l1BlockHash: "0x" + Hex.encode(log.blockHash),
                    transaction: "0x" + Hex.encode(log.transactionHash),
                    depth: head >= log.blockNumber ? head - log.blockNumber + 1 : 0)
            }
        } catch let error as ToolError {
            throw error
        } catch {
            throw .io("\(error)")
        }
    }
}
