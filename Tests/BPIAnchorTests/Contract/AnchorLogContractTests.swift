import BPICodec
import BPIEthereum
import BPITestSupport
import Foundation
import Testing

/// The committed anchor-contract bytecode is what Vyper makes of `contracts/AnchorLog.vy`, and the
/// event decoder takes exactly the contract's event.
@Suite("Anchor contract")
struct AnchorLogContractTests {
    @Test("the committed bytecode is Vyper 0.4.3's compilation of contracts/AnchorLog.vy")
    func bytecodeMatchesSource() throws {
        let vyper = URL(fileURLWithPath: L1TestChain.python).deletingLastPathComponent().appendingPathComponent("vyper").path
        let source = TestPaths.packageRoot.appendingPathComponent("contracts/AnchorLog.vy").path
        let result = try Subprocess.run(vyper, ["-f", "bytecode", source])
        #expect(result.status == 0, "\(result.err)")
        let compiled = result.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(compiled == "0x" + Hex.encode(AnchorLogContract.creationBytecode))
    }

    @Test("selectors and topic as the ABI names them; a log with a changed word is not an anchor")
    func abi() throws {
        #expect(Hex.encode(AnchorLogContract.anchorSelector) == "7f00e393")
        #expect(Hex.encode(AnchorLogContract.latestSelector) == "7fd1c47f")
        let mesh = AnchorLogContract.meshID(chainID: "m")
        let poster = try EthereumAddress(hex: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
        let topics = [
            AnchorLogContract.anchoredTopic, mesh, [UInt8](repeating: 0, count: 31) + [9],
            [UInt8](repeating: 0, count: 12) + poster.bytes,
        ]
        let data = [UInt8](repeating: 1, count: 32) + [UInt8](repeating: 2, count: 32)
        #expect(AnchorLogContract.decode(topics: topics, data: data)?.height == 9)
        var dirty = topics
        dirty[2][0] = 1
        #expect(AnchorLogContract.decode(topics: dirty, data: data) == nil)
        var other = topics
        other[0][0] ^= 1
        #expect(AnchorLogContract.decode(topics: other, data: data) == nil)
        #expect(AnchorLogContract.decode(topics: topics, data: Array(data.dropLast())) == nil)
        #expect(AnchorLogContract.decode(topics: Array(topics.dropLast()), data: data) == nil)
    }
}
