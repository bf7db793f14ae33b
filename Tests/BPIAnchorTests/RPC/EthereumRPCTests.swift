import BPIAnchor
import BPICodec
import BPIEthereum
import BPITestSupport
import Foundation
import Testing

/// The JSON-RPC client against a py-evm L1 (SPEC §18.5): a contract deployed and called by
/// transactions signed here, its logs read back, and what an L1 refuses refused.
@Suite("Ethereum JSON-RPC against the py-evm L1 stub", .serialized)
struct EthereumRPCTests {
    @Test("deploy the anchor contract, post an anchor, read the event and the stored height back")
    func deployAndAnchor() async throws {
        let l1 = try await L1Fixture()
        #expect(try await l1.rpc.chainID() == 31337)
        let mesh = AnchorLogContract.meshID(chainID: "bpi-test")
        let header = [UInt8](repeating: 0xAB, count: 32)
        let set = [UInt8](repeating: 0xCD, count: 32)
        let nonce = try await l1.rpc.transactionCount(l1.key.address, pending: true)
        #expect(nonce == 1)
        let tx = EIP1559Transaction(
            chainID: 31337, nonce: nonce, maxPriorityFeePerGas: L1Fixture.tip,
            maxFeePerGas: 2 * (try await l1.rpc.nextBaseFee()) + L1Fixture.tip, gasLimit: 100_000, to: l1.contract,
            data: AnchorLogContract.anchorCall(mesh: mesh, height: 7, headerHash: header, validatorSetHash: set))
        let signed = try tx.signed(with: l1.key)
        let hash = try await l1.rpc.sendRawTransaction(signed.raw)
        #expect(hash == signed.hash)
        #expect(try await l1.rpc.receipt(hash) == nil, "not mined yet")
        try await l1.mine()
        let receipt = try #require(try await l1.rpc.receipt(hash))
        #expect(receipt.succeeded && receipt.logs.count == 1)
        #expect(try await l1.rpc.blockHash(receipt.blockNumber) == receipt.blockHash)
        let logs = try await l1.rpc.logs(address: l1.contract, topics: [AnchorLogContract.anchoredTopic, mesh], from: 0)
        #expect(logs.count == 1 && logs[0] == receipt.logs[0])
        let entry = try #require(AnchorLogContract.decode(topics: logs[0].topics, data: logs[0].data))
        #expect(entry == AnchorLogEntry(mesh: mesh, height: 7, poster: l1.key.address, headerHash: header, validatorSetHash: set))
        let latest = try await l1.rpc.call(
            to: l1.contract, data: AnchorLogContract.latestCall(mesh: mesh, poster: l1.key.address))
        #expect(latest == [UInt8](repeating: 0, count: 31) + [7])
        // The contract refuses a height that does not increase: the transaction is mined and reverts.
        let again = EIP1559Transaction(
            chainID: 31337, nonce: nonce + 1, maxPriorityFeePerGas: L1Fixture.tip,
            maxFeePerGas: 2 * (try await l1.rpc.nextBaseFee()) + L1Fixture.tip, gasLimit: 100_000, to: l1.contract,
            data: AnchorLogContract.anchorCall(mesh: mesh, height: 7, headerHash: header, validatorSetHash: set))
        let againHash = try await l1.rpc.sendRawTransaction(try again.signed(with: l1.key).raw)
        try await l1.mine()
        #expect(try await l1.rpc.receipt(againHash)?.succeeded == false)
    }

    @Test("the L1 refuses another chain's transaction, a used nonce and an underpriced replacement")
    func refusals() async throws {
        let l1 = try await L1Fixture(chainID: 31338)
        let base = try await l1.rpc.nextBaseFee()
        func tx(chain: UInt64 = 31338, nonce: UInt64, fee: UInt64) -> EIP1559Transaction {
            EIP1559Transaction(
                chainID: chain, nonce: nonce, maxPriorityFeePerGas: L1Fixture.tip, maxFeePerGas: fee, gasLimit: 21_000,
                to: l1.key.address)
        }
        await #expect(throws: AnchorError.self) {
            try await l1.rpc.sendRawTransaction(try tx(chain: 31337, nonce: 1, fee: 3 * base).signed(with: l1.key).raw)
        }
        await #expect(throws: AnchorError.self) {
            try await l1.rpc.sendRawTransaction(try tx(nonce: 0, fee: 3 * base).signed(with: l1.key).raw)
        }
        _ = try await l1.rpc.sendRawTransaction(try tx(nonce: 1, fee: 3 * base).signed(with: l1.key).raw)
        do {
            _ = try await l1.rpc.sendRawTransaction(try tx(nonce: 1, fee: 3 * base + 1).signed(with: l1.key).raw)
            Issue.record("an underpriced replacement was taken")
        } catch let AnchorError.rpc(_, _, message) {
            #expect(message.contains("underpriced"))
        }
        // Raised by a quarter (tip too), it replaces.
        let replacement = EIP1559Transaction(
            chainID: 31338, nonce: 1, maxPriorityFeePerGas: 2 * L1Fixture.tip, maxFeePerGas: 4 * base, gasLimit: 21_000,
            to: l1.key.address)
        let hash = try await l1.rpc.sendRawTransaction(try replacement.signed(with: l1.key).raw)
        try await l1.mine()
        #expect(try await l1.rpc.receipt(hash)?.succeeded == true)
    }

    @Test("a reorg drops a mined transaction; a gas spike holds an underpriced one until the fee covers it")
    func reorgAndSpike() async throws {
        let l1 = try await L1Fixture()
        let base = try await l1.rpc.nextBaseFee()
        let first = EIP1559Transaction(
            chainID: 31337, nonce: 1, maxPriorityFeePerGas: L1Fixture.tip, maxFeePerGas: 3 * base, gasLimit: 21_000,
            to: l1.key.address)
        let signed = try first.signed(with: l1.key)
        let hash = try await l1.rpc.sendRawTransaction(signed.raw)
        try await l1.mine(2)
        let mined = try #require(try await l1.rpc.receipt(hash))
        _ = try await l1.rpc.call("test_reorg", [2])
        #expect(try await l1.rpc.receipt(hash) == nil, "the reorg dropped it")
        #expect(try await l1.rpc.blockHash(mined.blockNumber) != mined.blockHash)
        #expect(try await l1.rpc.transactionCount(l1.key.address, pending: false) == 1)
        // Sent again, the same bytes are mined again.
        #expect(try await l1.rpc.sendRawTransaction(signed.raw) == hash)
        try await l1.mine()
        #expect(try await l1.rpc.receipt(hash) != nil)
        // Spike: the base fee jumps above what the next transaction offers; it waits.
        _ = try await l1.rpc.call("test_setGasSpike", [100 * base])
        #expect(try await l1.rpc.nextBaseFee() >= 100 * base)
        let cheap = EIP1559Transaction(
            chainID: 31337, nonce: 2, maxPriorityFeePerGas: L1Fixture.tip, maxFeePerGas: 3 * base, gasLimit: 21_000,
            to: l1.key.address)
        let cheapHash = try await l1.rpc.sendRawTransaction(try cheap.signed(with: l1.key).raw)
        try await l1.mine(3)
        #expect(try await l1.rpc.receipt(cheapHash) == nil)
        _ = try await l1.rpc.call("test_setGasSpike", [0])
        try await l1.mine()
        #expect(try await l1.rpc.receipt(cheapHash) != nil)
    }
}
