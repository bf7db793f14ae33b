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
