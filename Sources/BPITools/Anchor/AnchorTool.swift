import BPIAnchor
import BPICodec
import BPIEthereum
import BPINode
import BPIToolKit
import Foundation

/// `bpi anchor`: the L1 side of anchoring (docs/SPEC.md §18): an L1 account key, the anchor
/// contract's deployment, a node's posting status, and the anchors an L1 holds for a mesh.
public enum AnchorTool {
    /// What a deployment made.
    public struct Deployment: Codable, Sendable, Equatable {
        public var chainID: UInt64
        public var contract: String
        public var transaction: String
        public var l1Block: UInt64
        public var deployer: String
    }

    /// One anchor an L1 holds, as `bpi anchor list` prints it.
    public struct Listed: Codable, Sendable, Equatable {
        public var height: UInt64
        public var headerHash: String
        public var validatorSetHash: String
        public var poster: String
        public var l1Block: UInt64
        public var l1BlockHash: String
        public var transaction: String
        /// L1 blocks on top of it, counting its own.
        public var depth: UInt64
    }

    /// Writes a new L1 account key (mode 0600) and returns its address (EIP-55).
    public static func createKey(out: String) throws(ToolError) -> String {
        do {
            return try AnchorKeyFile.create(out).address.checksummed
        } catch {
            throw .io("\(error)")
        }
    }

    /// Deploys `contracts/AnchorLog.vy` (its committed bytecode) from the key's account; with
    /// `fundWei`, first asks a test L1 (`test_fund`, the stub of Tests/L1 only) to fund it.
    public static func deploy(
        rpc endpoint: String, keyFile: String, fundWei: UInt64? = nil, timeout: Double = 60
    ) async throws(ToolError) -> Deployment {
        let key: Secp256k1PrivateKey
        do {
            key = try AnchorKeyFile.load(keyFile)
        } catch {
            throw .badInput("\(error)")
        }
        let rpc = EthereumRPC(endpoint: endpoint)
        do {
            if let fundWei { _ = try await rpc.call("test_fund", [key.address.checksummed, "0x" + String(fundWei, radix: 16)]) }
            let chainID = try await rpc.chainID()
            let nonce = try await rpc.transactionCount(key.address, pending: true)
            let base = try await rpc.nextBaseFee()
            let tip = try await rpc.suggestedTip()
            let tx = EIP1559Transaction(
                chainID: chainID, nonce: nonce, maxPriorityFeePerGas: tip, maxFeePerGas: 2 * base + tip, gasLimit: 600_000,
                to: nil, data: AnchorLogContract.creationBytecode)
            let signed = try tx.signed(with: key)
            let hash = try await rpc.sendRawTransaction(signed.raw)
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let r = try await rpc.receipt(hash) {
                    guard r.succeeded, let contract = r.contractAddress else {
                        throw ToolError.verificationFailed("the deployment transaction 0x\(Hex.encode(hash)) reverted")
                    }
                    return Deployment(
                        chainID: chainID, contract: contract.checksummed, transaction: "0x" + Hex.encode(hash),
                        l1Block: r.blockNumber, deployer: key.address.checksummed)
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
            throw ToolError.io("the deployment 0x\(Hex.encode(hash)) was not mined within \(Int(timeout)) s")
        } catch let error as ToolError {
            throw error
        } catch {
            throw .io("\(error)")
        }
    }

    /// A node's posting status (`GET /v1/anchors`).
    public static func status(rpc: RPCClient) async throws(ToolError) -> AnchorsView {
        try await rpc.getJSON("/v1/anchors", as: AnchorsView.self)
    }

    /// The anchors of mesh `chainID` on the L1 behind `endpoint`, from the contract's logs, oldest
    /// first; only those of `posters` when given.
    public static func list(
        rpc endpoint: String, contract: String, chainID: String, posters: [String] = []
    ) async throws(ToolError) -> [Listed] {
        let address: EthereumAddress
        let allowed: [EthereumAddress]
        do {
            address = try EthereumAddress(hex: contract)
            allowed = try posters.map { (p: String) throws(EthereumError) in try EthereumAddress(hex: p) }
        } catch {
            throw .badInput("\(error)")
        }
        let rpc = EthereumRPC(endpoint: endpoint)
        do {
            let head = try await rpc.blockNumber()
            let logs = try await rpc.logs(
                address: address, topics: [AnchorLogContract.anchoredTopic, AnchorLogContract.meshID(chainID: chainID)], from: 0)
            return logs.compactMap { log -> Listed? in
                guard let e = AnchorLogContract.decode(topics: log.topics, data: log.data),
                    allowed.isEmpty || allowed.contains(e.poster)
                else { return nil }
                return Listed(
                    height: e.height, headerHash: Hex.encode(e.headerHash), validatorSetHash: Hex.encode(e.validatorSetHash),
                    poster: e.poster.checksummed, l1Block: log.blockNumber, l1BlockHash: "0x" + Hex.encode(log.blockHash),
                    transaction: "0x" + Hex.encode(log.transactionHash),
                    depth: head >= log.blockNumber ? head - log.blockNumber + 1 : 0)
            }
        } catch {
            throw .io("\(error)")
        }
    }
}
