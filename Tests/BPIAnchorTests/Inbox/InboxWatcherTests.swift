import BPIAnchor
import BPIEthereum
import BPITestSupport
import Foundation
import Testing

/// The inbox watcher (SPEC §18.10): a post is returned once, when it is as deep as the L1's
/// confirmation depth; another mesh's posts and another chain are not taken; inbox.json is parsed
/// strictly.
@Suite("Inbox watcher", .serialized)
struct InboxWatcherTests {
    @Test(
        "a post is returned once, at the confirmation depth and not before; another mesh's post is not; a wrong chain id is a problem"
    )
    func maturesAtDepth() async throws {
        let l1 = try await L1Fixture()
        func send(_ data: [UInt8], to: EthereumAddress?) async throws -> TransactionReceipt? {
            try await l1.transact(data, to: to)
        }
        let inbox = try #require(try await send(ForceInboxContract.creationBytecode, to: nil)?.contractAddress)
        let source = InboxSettings.Source(
            name: "evm-a", endpoint: l1.chain.url, chainID: l1.chain.chainID, contract: inbox, confirmations: 3)
        let watcher = InboxWatcher(source: source, chainID: "bpi-test")
        let mesh = AnchorLogContract.meshID(chainID: "bpi-test")
        _ = try await send(ForceInboxContract.submitCall(mesh: mesh, frame: [1, 2, 3]), to: inbox)
        _ = try await send(ForceInboxContract.submitCall(mesh: AnchorLogContract.meshID(chainID: "other"), frame: [4]), to: inbox)
        var seen: [[UInt8]] = []
        var step = await watcher.step()
        #expect(step.problem == nil && step.entries.isEmpty, "one block deep is not yet 3")
        for _ in 0..<4 {
            try await l1.mine()
            step = await watcher.step()
            #expect(step.problem == nil)
            seen += step.entries.map(\.frame)
        }
        #expect(seen == [[1, 2, 3]], "once, and only this mesh's")
        var wrong = source
        wrong.chainID = 1
        let problem = await InboxWatcher(source: wrong, chainID: "bpi-test").step().problem
        #expect(problem?.description.contains("inbox.json says 1") == true, "\(String(describing: problem))")
    }

    @Test("inbox.json: read back what it writes; unknown keys, bad URLs, addresses and duplicate names are refused")
    func settings() throws {
        let s = InboxSettings(sources: [
            .init(
                name: "evm-a", endpoint: "http://127.0.0.1:8545", chainID: 31337,
                contract: try EthereumAddress(hex: "0x5FbDB2315678afecb367f032d93F642f64180aa3"), confirmations: 4, fromBlock: 7)
        ])
        #expect(try InboxSettings(json: Data(s.json.utf8)) == s)
        let bad = [
            #"{"l1": [], "x": 1}"#, #"{"l1": []}"#,
            #"{"l1": [{"name": "a", "rpc": "ftp://x", "chain_id": 1, "contract": "0x5FbDB2315678afecb367f032d93F642f64180aa3"}]}"#,
            #"{"l1": [{"name": "a", "rpc": "http://x", "chain_id": 1, "contract": "0x12"}]}"#,
            #"{"l1": [{"name": "a", "rpc": "http://x", "chain_id": 1, "contract": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "depth": 1}]}"#,
            #"{"l1": [{"name": "a", "rpc": "http://x", "chain_id": 1, "contract": "0x5FbDB2315678afecb367f032d93F642f64180aa3"}, {"name": "a", "rpc": "http://y", "chain_id": 2, "contract": "0x5FbDB2315678afecb367f032d93F642f64180aa3"}]}"#,
        ]
        for text in bad { #expect(throws: AnchorError.self, "\(text)") { try InboxSettings(json: Data(text.utf8)) } }
    }
}
