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
        let l1s = try await InboxL1s()
        defer { l1s.cleanUp() }
        let (a, inboxA, payer, alice, bob) = (l1s.a, l1s.inboxA, l1s.payer, l1s.alice, l1s.bob)
        let net = try DevnetFixture(validators: 4) { _, config, home in try l1s.configure(&config, home: home, watches: true) }
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

        var sender = FrameSender(identity: alice)
        /// Δ (SPEC §18.10): taken within a poll of maturing, then in the next block an honest
        /// proposer makes (every validator holds it); 6 heights of slack for the poll and the round.
        let delta: UInt64 = 6

        let tick = try await ServiceClient.tick(rpc: try net.client(0))
        let registration = sender.register(tick: tick)
        let matured = try await l1s.force(registration, onFirst: true, chainID: genesis.chainID, net: net)
        let placed = try await ServiceClient.waitFinalized(registration.id, rpc: try net.client(2), timeout: 60)
        #expect(
            try #require(placed.height) <= matured + delta,
            "registration finalized at \(placed.height ?? 0), matured at \(matured)")

        let tick2 = try await ServiceClient.tick(rpc: try net.client(0))
        let data = sender.frame(to: bob.id, kind: .data, payload: Array("forced through the inbox".utf8), tick: tick2)
        let matured2 = try await l1s.force(data, onFirst: false, chainID: genesis.chainID, net: net)
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

extension ValidatorServiceDevnetTests {
    /// The inbox against a censoring proposer (docs/SPEC.md §18.10, §17): only validators 0 and 3
    /// watch the inboxes, every validator refuses service A directly, and validator 3 censors — its
    /// proposals leave out every frame of a service that sent data. Validators 1 and 2 never see A's
    /// frames but through validator 0's inclusion lists, so each of A's frames reaches the chain
    /// through the inbox and the lists within a bounded number of heights of its post maturing,
    /// never in a block of the censor; any omission the censor made of an obligation is
    /// missed-inclusion evidence against it, verified from the genesis. In the serialized suite.
    @Test(
        "inbox: past a censoring proposer, with half the validators not watching, forced frames reach the chain through the lists within a bound"
    )
    func forceInclusionPastCensor() async throws {
        let l1s = try await InboxL1s()
        defer { l1s.cleanUp() }
        let (alice, bob) = (l1s.alice, l1s.bob)
        let watchers = [0, 3]
        let net = try DevnetFixture(validators: 4, byzantine: [3: "censor"]) { i, config, home in
            try l1s.configure(&config, home: home, watches: watchers.contains(i))
        }
        defer { net.shutdown() }
        let genesis = try net.genesis()
        try await net.waitUntil([0, 1, 2, 3], reach: 2)
        var direct = ServiceClient(rpc: try net.client(1), identity: bob)
        let bobRegistration = try await direct.submit { s, tick in s.register(tick: tick) }
        _ = try await ServiceClient.waitFinalized(bobRegistration.id, rpc: try net.client(1))

        var sender = FrameSender(identity: alice)
        /// The bound: a poll, the list age (2 blocks held), the block carrying the list, the
        /// obligated block, and a round change when the censor leads it; slack for the rounds.
        let bound: UInt64 = 12
        let registration = sender.register(tick: try await ServiceClient.tick(rpc: try net.client(0)))
        let matured = try await l1s.force(registration, onFirst: true, chainID: genesis.chainID, net: net)
        let placed = try await ServiceClient.waitFinalized(registration.id, rpc: try net.client(1), timeout: 60)
        #expect(try #require(placed.height) <= matured + bound, "registration at \(placed.height ?? 0), matured at \(matured)")

        var lags: [UInt64] = []
        var forced: [Hash32] = []
        for i in 0..<4 {
            let tick = try await ServiceClient.tick(rpc: try net.client(0))
            let data = sender.frame(to: bob.id, kind: .data, payload: Array("forced past the censor \(i)".utf8), tick: tick)
            let matured = try await l1s.force(data, onFirst: i % 2 == 0, chainID: genesis.chainID, net: net)
            let at = try #require(try await ServiceClient.waitFinalized(data.id, rpc: try net.client(2), timeout: 60).height)
            lags.append(at > matured ? at - matured : 0)
            forced.append(data.id)
            // Never in a block the censor made: its proposals leave A's frames out.
            let header = try await net.client(2).getJSON("/v1/headers/\(at)", as: HeaderView.self)
            #expect(header.proposer != 3, "the censor's block at \(at) carried A's frame")
            print("forced frame \(i): matured at \(matured), final at \(at), proposer \(header.proposer) round \(header.round)")
        }
        #expect(lags.allSatisfy { $0 <= bound }, "heights from maturing to finality: \(lags)")
        print("inbox past a censor: heights from maturing to finality \(lags)")
        // Whatever the censor left out of an obligated block is evidence against it, verified.
        let items = try await InclusionTool.evidence(rpc: try net.client(0), genesis: genesis).filter {
            $0.kind == "missed-inclusion"
        }
        #expect(items.allSatisfy { $0.offender == 3 && $0.verified }, "\(items)")
        try await net.assertSafety()
    }
}

/// What both inbox devnet tests stand on: two py-evm L1s (250 ms blocks 3 deep, 600 ms blocks 2
/// deep) with an inbox each, a funded payer, service A (refused directly) and service B, and the
/// inbox settings naming both L1s.
struct InboxL1s {
    let keys: URL
    let payer: String
    let a: L1TestChain
    let b: L1TestChain
    let inboxA: String
    let inboxB: String
    let alice: ServiceIdentity
    let bob: ServiceIdentity
    let settings: InboxSettings

    init() async throws {
        keys = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-inbox-keys-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        payer = keys.appendingPathComponent("payer.key").path
        _ = try AnchorTool.createKey(out: payer)
        a = try await L1TestChain(chainID: 31337, blockTime: 0.25)
        b = try await L1TestChain(chainID: 31338, blockTime: 0.6)
        inboxA = try await InboxTool.deploy(rpc: a.url, keyFile: payer, fundWei: 1_000_000_000_000_000_000).contract
        inboxB = try await InboxTool.deploy(rpc: b.url, keyFile: payer, fundWei: 1_000_000_000_000_000_000).contract
        alice = try ServiceIdentity(
            name: try ServiceName("spiffe://bpi.devnet/svc/forced"), signingSeed: [UInt8](repeating: 7, count: 32),
            sessionSecret: [UInt8](repeating: 8, count: 32))
        bob = try ServiceIdentity(
            name: try ServiceName("spiffe://bpi.devnet/svc/bob"), signingSeed: [UInt8](repeating: 9, count: 32),
            sessionSecret: [UInt8](repeating: 10, count: 32))
        settings = InboxSettings(sources: [
            .init(name: "evm-a", endpoint: a.url, chainID: 31337, contract: try EthereumAddress(hex: inboxA), confirmations: 3),
            .init(name: "evm-b", endpoint: b.url, chainID: 31338, contract: try EthereumAddress(hex: inboxB), confirmations: 2),
        ])
    }

    /// Gives a validator the inbox settings (when it watches) and refuses A's frames at its doors.
    func configure(_ config: inout NodeConfig, home: URL, watches: Bool) throws {
        if watches {
            try Data(settings.json.utf8).write(to: home.appendingPathComponent("inbox.json"))
            config.inbox = "inbox.json"
        }
        config.refuseFramesFrom = alice.id.hex
    }

    /// Posts `frame` to the inbox of L1 `a` (first) or `b` for `chainID` and waits until the post
    /// is as deep as the watchers' confirmations; returns `net`'s height then.
    func force(_ frame: Frame, onFirst: Bool, chainID: String, net: DevnetFixture) async throws -> UInt64 {
        let (l1, inbox, depth) = onFirst ? (a, inboxA, UInt64(3)) : (b, inboxB, UInt64(2))
        let file = keys.appendingPathComponent("\(frame.id.hex).cbor").path
        try Data(frame.canonicalBytes()).write(to: URL(fileURLWithPath: file))
        let posted = try BPIBinary.run([
            "inbox", "submit", "--rpc", l1.url, "--contract", inbox, "--key", payer, "--chain-id", chainID, "--frame", file,
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

    /// Removes the key folder.
    func cleanUp() { try? FileManager.default.removeItem(at: keys) }
}
