import BPIAnchor
import BPICodec
import BPIEthereum
import BPITestSupport

/// A fresh L1 stub with a funded account of ours and the anchor contract deployed by a
/// transaction signed here.
struct L1Fixture {
    let chain: L1TestChain
    let rpc: EthereumRPC
    let key: Secp256k1PrivateKey
    let contract: EthereumAddress

    static let tip: UInt64 = 1_000_000_000

    init(chainID: UInt64 = 31337, blockTime: Double = 0) async throws {
        chain = try await L1TestChain(chainID: chainID, blockTime: blockTime)
        rpc = EthereumRPC(endpoint: chain.url)
        key = Secp256k1PrivateKey.generate()
        _ = try await rpc.call("test_fund", [key.address.checksummed, "0xde0b6b3a7640000"])  // 1 ETH
        let base = try await rpc.nextBaseFee()
        let create = EIP1559Transaction(
            chainID: chainID, nonce: 0, maxPriorityFeePerGas: Self.tip, maxFeePerGas: 2 * base + Self.tip, gasLimit: 500_000,
            to: nil, data: AnchorLogContract.creationBytecode)
        let hash = try await rpc.sendRawTransaction(try create.signed(with: key).raw)
        _ = try await rpc.call("test_mine", [1])
        var mined = try await rpc.receipt(hash)
        for _ in 0..<50 where mined == nil {
            try await Task.sleep(for: .milliseconds(100))
            mined = try await rpc.receipt(hash)
        }
        guard let receipt = mined, receipt.succeeded, let address = receipt.contractAddress else {
            throw Oracle.Failure(description: "the anchor contract was not deployed")
        }
        contract = address
    }

    /// Mines `n` blocks.
    func mine(_ n: Int = 1) async throws { _ = try await rpc.call("test_mine", [n]) }

    /// Sends one transaction from the fixture's account (the next pending nonce), mines a block,
    /// and returns its receipt (nil if it was not mined).
    func transact(_ data: [UInt8], to: EthereumAddress?, gasLimit: UInt64 = 2_000_000) async throws -> TransactionReceipt? {
        let base = try await rpc.nextBaseFee()
        let tx = EIP1559Transaction(
            chainID: chain.chainID, nonce: try await rpc.transactionCount(key.address, pending: true),
            maxPriorityFeePerGas: Self.tip, maxFeePerGas: 2 * base + Self.tip, gasLimit: gasLimit, to: to, data: data)
        let hash = try await rpc.sendRawTransaction(try tx.signed(with: key).raw)
        try await mine()
        return try await rpc.receipt(hash)
    }
}
