import BPIAnchor
import BPICodec
import BPIEthereum
import BPINode
import BPITestSupport
import BPITools
import BPITypes
import Foundation
import Testing

/// Anchors on a devnet (docs/SPEC.md §18.6): validator 0 anchors every 4th finalized header to two
/// py-evm L1s with different block times and confirmation depths. Every anchor lands once, in
/// order, with the header's hash, through a fee spike above the fee cap (held, logged, counted,
/// then resumed), an L1 reorg, and a crash and restart of the poster's validator. In the
/// serialized suite.
extension ValidatorServiceDevnetTests {
    /// One L1 with the anchor contract deployed.
    struct AnchoredL1 {
        let chain: L1TestChain
        let contract: String
        var rpc: EthereumRPC { EthereumRPC(endpoint: chain.url) }

        init(chainID: UInt64, blockTime: Double, deployer: String) async throws {
            chain = try await L1TestChain(chainID: chainID, blockTime: blockTime)
            contract = try await AnchorTool.deploy(rpc: chain.url, keyFile: deployer, fundWei: 1_000_000_000_000_000_000).contract
        }
    }

    @Test("anchors: every 4th header lands once, in order, on two L1s, through a spike above the fee cap, a reorg and a restart")
    func anchors() async throws {
        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-anchor-keys-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: keys) }
        let deployer = keys.appendingPathComponent("deployer.key").path
        _ = try AnchorTool.createKey(out: deployer)
        let a = try await AnchoredL1(chainID: 31337, blockTime: 0.25, deployer: deployer)
        let b = try await AnchoredL1(chainID: 31338, blockTime: 0.6, deployer: deployer)
        let feeCap: UInt64 = 50_000_000_000
        var poster = ""
        let net = try DevnetFixture(validators: 4) { i, config, home in
            guard i == 0 else { return }
            poster = try AnchorTool.createKey(out: home.appendingPathComponent("anchor.key").path)
            // Validator 0 pledges evm-a anchors within a second of each header (SPEC §18.11).
            var pledged = AnchorTarget(
                name: "evm-a", endpoint: a.chain.url, chainID: 31337, contract: try EthereumAddress(hex: a.contract),
                confirmations: 3, feeCap: feeCap)
            pledged.pledge = PledgeTerms(deadlineSeconds: 1, fromHeight: 4, l1FromBlock: 0)
            let settings = AnchorSettings(
                every: 4, keyFile: "anchor.key",
                targets: [
                    pledged,
                    AnchorTarget(
                        name: "evm-b", endpoint: b.chain.url, chainID: 31338, contract: try EthereumAddress(hex: b.contract),
                        confirmations: 2, feeCap: feeCap),
                ])
            try Data(settings.json.utf8).write(to: home.appendingPathComponent("anchors.json"))
            config.anchors = "anchors.json"
        }
        defer { net.shutdown() }
        for l1 in [a, b] { _ = try await l1.rpc.call("test_fund", [poster, "0xde0b6b3a7640000"]) }
        let api = try net.client(0)
        let genesis = try net.genesis()

        /// Waits until the L1s named (both by default) confirm anchors up to at least `height`.
        func waitConfirmed(_ height: UInt64, on names: [String] = ["evm-a", "evm-b"], within seconds: Double = 90) async throws
            -> AnchorsView
        {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let view = try? await AnchorTool.status(rpc: api),
                    view.l1.filter({ names.contains($0.name) }).allSatisfy({ $0.confirmedHeight >= height })
                {
                    return view
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            let view = try? await AnchorTool.status(rpc: api)
            var chains = ""
            for l1 in [a, b] {
                let head = (try? await l1.rpc.blockNumber()) ?? 0
                let pool = (try? await l1.rpc.call("test_pending")) ?? "?"
                let latest = (try? await l1.rpc.call("eth_getTransactionCount", [poster, "latest"])) ?? "?"
                let base = (try? await l1.rpc.nextBaseFee()) ?? 0
                chains += "chain \(l1.chain.chainID): head \(head), pool \(pool), poster nonce \(latest), base fee \(base); "
            }
            Issue.record(
                "\(chains)")
            Issue.record(
                """
                anchors not confirmed to \(height) within \(Int(seconds)) s: \(String(describing: view))
                evm-a: \(a.chain.process.out.suffix(2_000)) \(a.chain.process.err.suffix(2_000))
                evm-b: \(b.chain.process.out.suffix(2_000)) \(b.chain.process.err.suffix(2_000))
                """)
            throw DevnetTestError.timeout
        }
        /// Each L1's anchors by the poster: every multiple of 4 from 4 up, once, with the header's hash.
        func checkOnChain(through height: UInt64) async throws {
            for l1 in [a, b] {
                let listed = try await AnchorTool.list(rpc: l1.chain.url, contract: l1.contract, chainID: genesis.chainID)
                #expect(listed.allSatisfy { $0.poster == poster })
                let heights = listed.map(\.height)
                #expect(heights == Array(stride(from: 4, through: heights.last ?? 0, by: 4)), "\(heights)")
                #expect((heights.last ?? 0) >= height)
                for item in listed {
                    let header = try await api.getJSON("/v1/headers/\(item.height)", as: HeaderView.self)
                    #expect(item.headerHash == header.hash && item.validatorSetHash == header.validatorSetHash)
                }
            }
        }

        var view = try await waitConfirmed(12)
        try await checkOnChain(through: 12)
        #expect(view.poster == poster && view.every == 4)
        #expect(view.l1.allSatisfy { $0.confirmed.allSatisfy { $0.confirmationMs >= $0.inclusionMs } })

        // A spike above the fee cap on evm-a: anchors wait there (and say so); evm-b goes on.
        let base = try await a.rpc.nextBaseFee()
        _ = try await a.rpc.call("test_setGasSpike", [max(2 * feeCap, 100 * base)])
        let heldFrom = view.l1[0].confirmedHeight
        let spikeDeadline = Date().addingTimeInterval(60)
        var held = false
        while !held && Date() < spikeDeadline {
            let metrics = String(decoding: try await api.get("/metrics"), as: UTF8.self)
            let status = try await AnchorTool.status(rpc: api)
            held = metrics.contains("bpi_anchor_fee_cap_blocked{l1=\"evm-a\"}") && status.l1[0].feeCapBlocked > 0
            if !held { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(held, "the fee cap never held an anchor back")
        view = try await waitConfirmed(heldFrom + 8, on: ["evm-b"])  // evm-b moves on; evm-a is held
        #expect(view.l1[0].confirmedHeight <= heldFrom + 4, "evm-a went on under a spike above the cap")
        let log = try String(
            contentsOf: DevnetLayout(directory: net.directory).home(0).appendingPathComponent("node.log"), encoding: .utf8)
        #expect(log.contains("is above what the fee cap"), "no log line for the fee cap")
        // …and a reorg on evm-b, then the spike ends.
        _ = try await b.rpc.call("test_reorg", [2])
        _ = try await a.rpc.call("test_setGasSpike", [0])
        view = try await waitConfirmed(view.l1[1].confirmedHeight + 4)
        try await checkOnChain(through: view.l1.map(\.confirmedHeight).min()!)

        // The poster's validator crashes and comes back: nothing twice, nothing skipped.
        try net.kill([0])
        try net.start([0])
        let before = view.l1.map(\.confirmedHeight).max()!
        view = try await waitConfirmed(before + 8, within: 120)
        try await checkOnChain(through: before + 8)

        // The pledge is served, signed by validator 0; the audit finds the anchors the spike held
        // past their deadline, and each item it writes verifies from the genesis and the L1.
        let pledge = try AnchorPledge(canonicalBytes: try Hex.decode(try #require(view.l1[0].pledge)))
        #expect(pledge.isSigned && pledge.validator == genesis.validatorSet.validators[0].identityKey && view.l1[1].pledge == nil)
        let found = net.directory + "/missed-anchors"
        let audit = try BPIBinary.run([
            "anchor", "audit", "--genesis", DevnetLayout(directory: net.directory).genesis.path, "--rpc", api.base.absoluteString,
            "--l1-rpc", a.chain.url, "--l1-rpc", b.chain.url, "--out", found,
        ])
        #expect(audit.status == 1 && audit.out.contains("missed"), "\(audit.out)\(audit.err)")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: found)) ?? []).map { found + "/" + $0 }
        let verified = try BPIBinary.run(
            [
                "evidence", "verify", "--genesis", DevnetLayout(directory: net.directory).genesis.path, "--rpc",
                api.base.absoluteString, "--l1-rpc", a.chain.url, "--json",
            ] + files)
        #expect(!files.isEmpty && verified.status == 0, "\(verified.out)\(verified.err)")
        #expect(!verified.out.contains("\"offenders\":[1]") && verified.out.contains("\"offenders\":[0]"))
        try await net.assertSafety()
    }
}
