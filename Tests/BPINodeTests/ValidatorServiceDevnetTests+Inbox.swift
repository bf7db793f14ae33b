import BPIAnchor
import BPIEthereum
import BPIFrames
import BPIHash
import BPINode
import BPITestSupport
import BPITools
import BPITypes
import Foundation
import Testing

/// The force-inclusion inbox on a devnet (docs/SPEC.md §18.10): every validator watches the inbox
/// on two py-evm L1s and refuses service A's frames when they come directly (the test switch
/// `refuse_frames_from`). A's registration, posted to the inbox on one L1, and its data frame,
/// posted on the other, are finalized all the same, within Δ of their posts reaching the L1's
/// confirmation depth; a post that is no frame is refused and the chain goes on. In the
/// serialized suite.
extension ValidatorServiceDevnetTests {
    @Test(
        "inbox: frames every validator refuses directly are forced in through either L1's inbox within Δ; a post that is no frame is dropped"
    )
    func forceInclusion() async throws {
        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-inbox-keys-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: keys) }
        let payer = keys.appendingPathComponent("payer.key").path
        _ = try AnchorTool.createKey(out: payer)
        let a = try await L1TestChain(chainID: 31337, blockTime: 0.25)
        let b = try await L1TestChain(chainID: 31338, blockTime: 0.6)
        let inboxA = try await InboxTool.deploy(rpc: a.url, keyFile: payer, fundWei: 1_000_000_000_000_000_000).contract
        let inboxB = try await InboxTool.deploy(rpc: b.url, keyFile: payer, fundWei: 1_000_000_000_000_000_000).contract
        let alice = try ServiceIdentity(
            name: try ServiceName("spiffe://bpi.devnet/svc/forced"), signingSeed: [UInt8](repeating: 7, count: 32),
            sessionSecret: [UInt8](repeating: 8, count: 32))
        let bob = try ServiceIdentity(
            name: try ServiceName("spiffe://bpi.devnet/svc/bob"), signingSeed: [UInt8](repeating: 9, count: 32),
            sessionSecret: [UInt8](repeating: 10, count: 32))
        let settings = InboxSettings(sources: [
            .init(name: "evm-a", endpoint: a.url, chainID: 31337, contract: try EthereumAddress(hex: inboxA), confirmations: 3),
            .init(name: "evm-b", endpoint: b.url, chainID: 31338, contract: try EthereumAddress(hex: inboxB), confirmations: 2),
        ])
        let net = try DevnetFixture(validators: 4) { _, config, home in
            try Data(settings.json.utf8).write(to: home.appendingPathComponent("inbox.json"))
            config.inbox = "inbox.json"
            config.refuseFramesFrom = alice.id.hex
        }
        defer { net.shutdown() }
        let genesis = try net.genesis()
        try await net.waitUntil([0, 1, 2, 3], reach: 2)

        // Bob registers directly; Alice cannot: every validator refuses her frames at the door.
        var direct = ServiceClient(rpc: try net.client(1), identity: bob)
        let bobRegistration = try await direct.submit { s, tick in s.register(tick: tick) }
        _ = try await ServiceClient.waitFinalized(bobRegistration.id, rpc: try net.client(1))
        for i in 0..<4 {
            var refused = ServiceClient(rpc: try net.client(i), identity: alice)
            do {
                try await refused.submit { s, tick in s.register(tick: tick) }
                Issue.record("validator \(i) took Alice's frame directly")
            } catch {
                #expect("\(error)".contains("refuse_frames_from") && "\(error)".contains("403"), "\(error)")
            }
        }

        /// Posts `frame` to `l1`'s inbox; returns the mesh height when the post reached the L1's depth.
        var sender = FrameSender(identity: alice)
        func force(_ frame: Frame, via l1: L1TestChain, inbox: String, depth: UInt64) async throws -> UInt64 {
            let file = keys.appendingPathComponent("\(frame.id.hex).cbor").path
            try Data(frame.canonicalBytes()).write(to: URL(fileURLWithPath: file))
            let posted = try BPIBinary.run([
                "inbox", "submit", "--rpc", l1.url, "--contract", inbox, "--key", payer, "--chain-id", genesis.chainID, "--frame",
                file,
                "--json",
            ])
            try #require(posted.status == 0, "\(posted.err)")
            let block =
                try #require(try JSONSerialization.jsonObject(with: Data(posted.out.utf8)) as? [String: Any])["l1Block"] as? Int
            let rpc = EthereumRPC(endpoint: l1.url)
            while try await rpc.blockNumber() + 1 < UInt64(try #require(block)) + depth {
                try await Task.sleep(for: .milliseconds(50))
            }
            return try await net.client(0).getJSON("/v1/status", as: NodeStatus.self).height
        }
        /// Δ (SPEC §18.10): taken within a poll of maturing, then in the next block an honest
        /// proposer makes (every validator holds it); 6 heights of slack for the poll and the round.
        let delta: UInt64 = 6

        let tick = try await ServiceClient.tick(rpc: try net.client(0))
        let registration = sender.register(tick: tick)
        let matured = try await force(registration, via: a, inbox: inboxA, depth: 3)
        let placed = try await ServiceClient.waitFinalized(registration.id, rpc: try net.client(2), timeout: 60)
        #expect(
            try #require(placed.height) <= matured + delta,
            "registration finalized at \(placed.height ?? 0), matured at \(matured)")

        let tick2 = try await ServiceClient.tick(rpc: try net.client(0))
        let data = sender.frame(to: bob.id, kind: .data, payload: Array("forced through the inbox".utf8), tick: tick2)
        let matured2 = try await force(data, via: b, inbox: inboxB, depth: 2)
        let placed2 = try await ServiceClient.waitFinalized(data.id, rpc: try net.client(3), timeout: 60)
        #expect(
            try #require(placed2.height) <= matured2 + delta, "data finalized at \(placed2.height ?? 0), matured at \(matured2)")

        // A post that is no frame: refused by every watcher, logged; the mesh goes on.
        let key = try AnchorKeyFile.load(payer)
        let rpcA = EthereumRPC(endpoint: a.url)
        let base = try await rpcA.nextBaseFee()
        let tx = EIP1559Transaction(
            chainID: 31337, nonce: try await rpcA.transactionCount(key.address, pending: true),
            maxPriorityFeePerGas: 1_000_000_000,
            maxFeePerGas: 2 * base + 1_000_000_000, gasLimit: 200_000, to: try EthereumAddress(hex: inboxA),
            data: ForceInboxContract.submitCall(
                mesh: AnchorLogContract.meshID(chainID: genesis.chainID), frame: Array("junk".utf8)))
        _ = try await rpcA.sendRawTransaction(try tx.signed(with: key).raw)
        let listed = try BPIBinary.run(["inbox", "list", "--rpc", a.url, "--contract", inboxA, "--chain-id", genesis.chainID])
        #expect(listed.status == 0 && listed.out.contains("#0  frame \(registration.id)"), "\(listed.out)\(listed.err)")
        let before = try await net.client(0).getJSON("/v1/status", as: NodeStatus.self).height
        try await net.waitUntil([0, 1, 2, 3], reach: before + 6)
        let logs = try String(contentsOfFile: DevnetLayout(directory: net.directory).logPath(0), encoding: .utf8)
        #expect(logs.contains("frame taken from the inbox") && logs.contains("inbox post is no canonical frame"))
        try await net.assertSafety()
    }
}
