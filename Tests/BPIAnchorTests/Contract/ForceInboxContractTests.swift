import BPIAnchor
import BPICodec
import BPIEthereum
import BPITestSupport
import Foundation
import Testing

/// The force-inclusion inbox contract (SPEC §18.10): the committed bytecode is Vyper's compilation
/// of `contracts/ForceInbox.vy`; a frame posted with a transaction signed here comes back, byte
/// for byte, from its `Forced` log; the decoder takes exactly that event's encoding.
@Suite("Force-inclusion inbox contract", .serialized)
struct ForceInboxContractTests {
    @Test("the committed bytecode is Vyper 0.4.3's compilation of contracts/ForceInbox.vy; the selector is the ABI's")
    func bytecodeMatchesSource() throws {
        let vyper = URL(fileURLWithPath: L1TestChain.python).deletingLastPathComponent().appendingPathComponent("vyper").path
        let source = TestPaths.packageRoot.appendingPathComponent("contracts/ForceInbox.vy").path
        let result = try Subprocess.run(vyper, ["-f", "bytecode", source])
        #expect(result.status == 0, "\(result.err)")
        #expect(
            result.out.trimmingCharacters(in: .whitespacesAndNewlines) == "0x" + Hex.encode(ForceInboxContract.creationBytecode))
        let ids = try Subprocess.run(vyper, ["-f", "method_identifiers", source])
        #expect(
            ids.out.contains("\"submit(bytes32,bytes)\": \"0x\(Hex.encode(ForceInboxContract.submitSelector))\""), "\(ids.out)")
    }

    @Test(
        "frames of 1, 31, 32, 33 and 16,384 bytes posted on the L1 come back from their logs in order; an empty or oversized one is refused"
    )
    func postAndReadBack() async throws {
        let l1 = try await L1Fixture()
        func send(_ data: [UInt8], to: EthereumAddress?) async throws -> TransactionReceipt? {
            try await l1.transact(data, to: to)
        }
        let created = try #require(try await send(ForceInboxContract.creationBytecode, to: nil))
        let inbox = try #require(created.contractAddress)
        let mesh = AnchorLogContract.meshID(chainID: "bpi-test")
        let frames = [1, 31, 32, 33, 16_384].map { n in (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ n) } }
        for frame in frames {
            let receipt = try #require(try await send(ForceInboxContract.submitCall(mesh: mesh, frame: frame), to: inbox))
            #expect(receipt.succeeded)
        }
        #expect(try await send(ForceInboxContract.submitCall(mesh: mesh, frame: []), to: inbox)?.succeeded == false)
        let oversized = [UInt8](repeating: 1, count: ForceInboxContract.maxFrameBytes + 1)
        #expect(try await send(ForceInboxContract.submitCall(mesh: mesh, frame: oversized), to: inbox)?.succeeded == false)
        let logs = try await l1.rpc.logs(address: inbox, topics: [ForceInboxContract.forcedTopic, mesh], from: 0)
        let entries = logs.compactMap { ForceInboxContract.decode(topics: $0.topics, data: $0.data) }
        #expect(entries.map(\.frame) == frames && entries.map(\.sequence) == [0, 1, 2, 3, 4])
        #expect(entries.allSatisfy { $0.sender == l1.key.address && $0.mesh == mesh })
        // The decoder refuses every other shape of the same event.
        let log = try #require(logs.first)
        var badOffset = log.data
        badOffset[31] = 64
        var badLength = log.data
        badLength[63] = 40
        var dirtyPad = log.data
        dirtyPad[dirtyPad.count - 1] = 1
        for data in [badOffset, badLength, dirtyPad, Array(log.data.dropLast(32)), log.data + [UInt8](repeating: 0, count: 32)] {
            #expect(ForceInboxContract.decode(topics: log.topics, data: data) == nil)
        }
        #expect(ForceInboxContract.decode(topics: Array(log.topics.dropLast()), data: log.data) == nil)
    }
}
