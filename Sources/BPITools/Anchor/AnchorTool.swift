import BPIAnchor
import BPICodec
import BPIEthereum
import BPILightClientTool
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

    /// Writes a new L1 account key (mode 0600) and returns its address (EIP-55).
    public static func createKey(out: String) throws(ToolError) -> String {
        do {
            return try AnchorKeyFile.create(out).address.checksummed
        } catch {
            throw .io("\(error)")
        }
    }

    /// Deploys `contracts/AnchorLog.vy` (its committed bytecode; or `bytecode`, another contract of
    /// ours) from the key's account; with `fundWei`, first asks a test L1 (`test_fund`, the stub of
    /// Tests/L1 only) to fund it.
    public static func deploy(
        rpc endpoint: String, keyFile: String, fundWei: UInt64? = nil, timeout: Double = 60,
        bytecode: [UInt8] = AnchorLogContract.creationBytecode
    ) async throws(ToolError) -> Deployment {
        let key = try loadKey(keyFile)
        let rpc = EthereumRPC(endpoint: endpoint)
        if let fundWei {
            do {
                _ = try await rpc.call("test_fund", [key.address.checksummed, "0x" + String(fundWei, radix: 16)])
            } catch {
                throw .io("\(error)")
            }
        }
        let (chainID, hash, r) = try await transact(
            rpc: rpc, key: key, to: nil, data: bytecode, gasLimit: 600_000, timeout: timeout)
        guard let contract = r.contractAddress else {
            throw ToolError.verificationFailed("the deployment transaction 0x\(Hex.encode(hash)) made no contract")
        }
        return Deployment(
            chainID: chainID, contract: contract.checksummed, transaction: "0x" + Hex.encode(hash), l1Block: r.blockNumber,
            deployer: key.address.checksummed)
    }

    /// The L1 account key in `path` (mode 0600 enforced).
    static func loadKey(_ path: String) throws(ToolError) -> Secp256k1PrivateKey {
        do {
            return try AnchorKeyFile.load(path)
        } catch {
            throw .badInput("\(error)")
        }
    }

    /// Signs and sends one EIP-1559 transaction from `key` (fees from the L1: twice the next base
    /// fee plus its suggested tip) and waits until it is mined: the L1 chain id, the transaction
    /// hash and its receipt. A reverted transaction is a failed check.
    static func transact(
        rpc: EthereumRPC, key: Secp256k1PrivateKey, to: EthereumAddress?, data: [UInt8], gasLimit: UInt64, timeout: Double
    ) async throws(ToolError) -> (chainID: UInt64, hash: [UInt8], receipt: TransactionReceipt) {
        do {
            let chainID = try await rpc.chainID()
            let nonce = try await rpc.transactionCount(key.address, pending: true)
            let base = try await rpc.nextBaseFee()
            let tip = try await rpc.suggestedTip()
            let tx = EIP1559Transaction(
                chainID: chainID, nonce: nonce, maxPriorityFeePerGas: tip, maxFeePerGas: 2 * base + tip, gasLimit: gasLimit,
                to: to, data: data)
            let hash = try await rpc.sendRawTransaction(try tx.signed(with: key).raw)
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let r = try await rpc.receipt(hash) {
                    guard r.succeeded else {
                        throw ToolError.verificationFailed("the transaction 0x\(Hex.encode(hash)) reverted")
                    }
                    return (chainID, hash, r)
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
            throw ToolError.io("the transaction 0x\(Hex.encode(hash)) was not mined within \(Int(timeout)) s")
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

    /// The anchors of mesh `chainID` on the L1 behind `endpoint` (named `l1` in the entries), from
    /// the contract's logs, oldest first; only those of `posters` when given. Each entry carries
    /// its L1 inclusion data and depth: what `lc-verify --anchors` reads (docs/SPEC.md §18.7).
    public static func list(
        rpc endpoint: String, contract: String, chainID: String, posters: [String] = [], l1: String = "l1"
    ) async throws(ToolError) -> [AnchorFile.Entry] {
        try await L1AnchorReader(endpoint: endpoint).anchors(contract: contract, chainID: chainID, posters: posters, l1: l1)
    }

    /// Writes the entries at least `depth` deep as an anchor file; returns a line saying so.
    public static func write(_ entries: [AnchorFile.Entry], chainID: String, depth: UInt64, to path: String) throws(ToolError)
        -> String
    {
        let file = AnchorFile(chainID: chainID, anchors: entries.filter { $0.depth >= depth })
        try file.write(to: path)
        return "wrote \(path): \(file.anchors.count) of \(entries.count) anchors, at least \(depth) deep"
    }
}
