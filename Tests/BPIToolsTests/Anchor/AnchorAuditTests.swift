import BPIAnchor
import BPICodec
import BPIEthereum
import BPILightClientTool
import BPITestSupport
import BPIToolKit
import BPITools
import BPITypes
import Foundation
import Testing

/// Anchor pledges and missed-anchor evidence (docs/SPEC.md §18.11) against a py-evm L1 of our own:
/// validator 1 pledges every 4th height with a 2-second deadline; its poster anchors height 12 at
/// once, height 16 only after 16's deadline, and never 4 or 8. The audit finds 4, 8 and 16 missed
/// and 12 on time; the evidence verifies in Swift and in the standalone Python verifier, from the
/// genesis, the chain and the L1, and each altered item is refused by both.
@Suite("Anchor audit", .serialized)
struct AnchorAuditTests {
    @Test(
        "a pledge's absent and late anchors become missed-anchor evidence both verifiers accept; on-time ones and altered items do not"
    )
    func audit() async throws {
        let l1 = try await L1TestChain(chainID: 31_339, blockTime: 1.0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-audit-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let keyFile = dir + "/poster.key"
        _ = try AnchorTool.createKey(out: keyFile)
        let contract = try await AnchorTool.deploy(rpc: l1.url, keyFile: keyFile, fundWei: 1_000_000_000_000_000_000).contract
        let key = try AnchorKeyFile.load(keyFile)
        let rpc = EthereumRPC(endpoint: l1.url)

        // A chain whose header 4 is made 2 s from now (250 ms a height), pledged from the L1's
        // current head: height 12's deadline is 6 s away, room for its anchor on a loaded machine.
        var o = TestChain.Options(validators: 4, headers: 16)
        o.genesisTime = UInt64(Date().timeIntervalSince1970 * 1000) + 1_000
        let (genesis, chain) = try TestChain.generate(o)
        try LightClientTool.write(genesis: genesis, chain: chain, to: dir)
        let finalized = try FinalizedChain(genesis: genesis, entries: chain.entries)
        let pledge = AnchorPledge(
            chainID: genesis.chainID, l1ChainID: 31_339, contract: try EthereumAddress(hex: contract).bytes,
            poster: key.address.bytes, every: 4, fromHeight: 4, deadlineSeconds: 2, l1FromBlock: try await rpc.blockNumber(),
            signer: TestChain.validatorIdentity(seed: o.seed, index: 1))
        try Data(Hex.encode(pledge.canonicalBytes()).utf8).write(to: URL(fileURLWithPath: dir + "/pledge.hex"))

        func anchor(_ h: UInt64) async throws {
            let header = chain.entries[Int(h) - 1].header
            let tx = EIP1559Transaction(
                chainID: 31_339, nonce: try await rpc.transactionCount(key.address, pending: true),
                maxPriorityFeePerGas: 1_000_000_000,
                maxFeePerGas: 2 * (try await rpc.nextBaseFee()) + 1_000_000_000, gasLimit: 200_000,
                to: try EthereumAddress(hex: contract),
                data: AnchorLogContract.anchorCall(
                    mesh: AnchorLogContract.meshID(chainID: genesis.chainID), height: h, headerHash: header.hash.bytes,
                    validatorSetHash: header.validatorSetHash.bytes))
            let hash = try await rpc.sendRawTransaction(try tx.signed(with: key).raw)
            while try await rpc.receipt(hash) == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        try await anchor(12)
        // Height 16 only once the L1 is past its deadline.
        let deadline16 = pledge.deadline(headerTimestamp: chain.entries[15].header.timestamp)
        while try await rpc.block(try await rpc.blockNumber())!.timestamp <= deadline16 {
            try await Task.sleep(for: .milliseconds(100))
        }
        try await anchor(16)

        // Audit until no covered height is pending (each window's end 2 blocks deep).
        var (report, evidence) = try await AnchorAudit.run(pledges: [pledge], chain: finalized, rpcs: [l1.url], depth: 2)
        let started = Date()
        while report.items.contains(where: { $0.outcome == "pending" }) && Date().timeIntervalSince(started) < 30 {
            try await Task.sleep(for: .milliseconds(250))
            (report, evidence) = try await AnchorAudit.run(pledges: [pledge], chain: finalized, rpcs: [l1.url], depth: 2)
        }
        #expect(report.items.map(\.height) == [4, 8, 12, 16])
        #expect(report.items.map(\.outcome) == ["missed", "missed", "on-time", "missed"], "\(report.items)")
        #expect(report.items.allSatisfy { $0.validator == 1 })
        #expect(evidence.map(\.height) == [4, 8, 16] && evidence.allSatisfy { $0.kind == .missedAnchor })

        // Altered items: height 12 claimed missed, a window end that is not the last block before
        // the deadline, a wrong block hash, a forged pledge signature, a pledge by a non-validator,
        // a height the pledge does not cover.
        let x16 = try MissedAnchorEvidence(canonicalBytes: try #require(evidence.last).body)
        let end12 = try #require(
            try await AnchorWindowReader.lastBlock(
                atOrBefore: pledge.deadline(headerTimestamp: chain.entries[11].header.timestamp), from: pledge.l1FromBlock,
                rpc: rpc))
        var forged = pledge
        forged.deadlineSeconds = 3
        let stranger = AnchorPledge(
            chainID: genesis.chainID, l1ChainID: 31_339, contract: pledge.contract, poster: pledge.poster, every: 4,
            fromHeight: 4,
            deadlineSeconds: 2, l1FromBlock: pledge.l1FromBlock, signer: TestChain.validatorIdentity(seed: 99, index: 0))
        func envelope(_ x: MissedAnchorEvidence) -> EvidenceEnvelope {
            EvidenceEnvelope(kind: .missedAnchor, chainID: genesis.chainID, height: x.height, body: x.canonicalBytes())
        }
        let bad = [
            envelope(
                MissedAnchorEvidence(
                    pledge: pledge, height: 12, l1Block: end12, l1BlockHash: try #require(await rpc.block(end12)).hash)),
            envelope(
                MissedAnchorEvidence(
                    pledge: pledge, height: 16, l1Block: x16.l1Block - 1,
                    l1BlockHash: try #require(await rpc.block(x16.l1Block - 1)).hash)),
            envelope(
                MissedAnchorEvidence(
                    pledge: pledge, height: 16, l1Block: x16.l1Block, l1BlockHash: [UInt8](repeating: 7, count: 32))),
            envelope(MissedAnchorEvidence(pledge: forged, height: 16, l1Block: x16.l1Block, l1BlockHash: x16.l1BlockHash)),
            envelope(MissedAnchorEvidence(pledge: stranger, height: 16, l1Block: x16.l1Block, l1BlockHash: x16.l1BlockHash)),
            envelope(MissedAnchorEvidence(pledge: pledge, height: 14, l1Block: x16.l1Block, l1BlockHash: x16.l1BlockHash)),
        ]
        var files: [String] = []
        for (i, e) in (evidence + bad).enumerated() {
            files.append(dir + "/e\(i).cbor")
            try Data(e.canonicalBytes()).write(to: URL(fileURLWithPath: files[i]))
        }
        let verdicts = try await EvidenceTool.verify(
            files: files, genesisPath: dir + "/genesis.json", chainPath: dir + "/chain.cbor", rpc: nil, l1RPCs: [l1.url],
            l1Depth: 2)
        #expect(verdicts.map(\.report.ok) == [true, true, true] + bad.map { _ in false }, "\(verdicts.map(\.report.problem))")
        #expect(verdicts.prefix(3).allSatisfy { $0.report.offenders == [1] })
        // Without an L1 node, a missed anchor cannot be judged.
        let blind = try await EvidenceTool.verify(
            files: [files[0]], genesisPath: dir + "/genesis.json", chainPath: dir + "/chain.cbor", rpc: nil)
        #expect(blind[0].report.problem?.contains("--l1-rpc") == true)
        // Nor when the verifier asks for a deeper window than the L1 has.
        let deep = try await EvidenceTool.verify(
            files: [files[0]], genesisPath: dir + "/genesis.json", chainPath: dir + "/chain.cbor", rpc: nil, l1RPCs: [l1.url],
            l1Depth: 10_000)
        #expect(deep[0].report.problem?.contains("deep") == true, "\(deep[0].report.problem ?? "")")

        // The standalone Python verifier agrees, item by item.
        let python = try EvidenceVerifierTests.python(dir, files, options: ["--l1-rpc", l1.url])
        let lines = python.out.split(separator: "\n").map(String.init)
        #expect(python.status == 1 && lines.count == files.count, "\(python.out)\(python.err)")
        for (v, line) in zip(verdicts, lines) {
            #expect(
                v.report.ok
                    ? line == "ok \(v.report.id) missed-anchor \(v.report.height) offenders=1"
                    : line.hasPrefix("bad \(v.report.id) "),
                "\(line) vs \(v.report.problem ?? "ok")")
        }

        // The command line: the audit exits 1 and writes the three items, which verify.
        let audited = try BPIBinary.run([
            "anchor", "audit", "--genesis", dir + "/genesis.json", "--chain", dir + "/chain.cbor", "--pledge",
            dir + "/pledge.hex",
            "--l1-rpc", l1.url, "--out", dir + "/found", "--json",
        ])
        #expect(audited.status == 1 && audited.err.contains("3 pledged anchors missed"), "\(audited.out)\(audited.err)")
        let found = try FileManager.default.contentsOfDirectory(atPath: dir + "/found").map { dir + "/found/" + $0 }
        #expect(Set(found.map { URL(fileURLWithPath: $0).lastPathComponent }) == Set(evidence.map { $0.id.hex + ".cbor" }))
        let checked = try BPIBinary.run(
            ["evidence", "verify", "--genesis", dir + "/genesis.json", "--chain", dir + "/chain.cbor", "--l1-rpc", l1.url] + found
        )
        #expect(checked.status == 0, "\(checked.out)\(checked.err)")
        let unchecked = try BPIBinary.run(
            ["evidence", "verify", "--genesis", dir + "/genesis.json", "--chain", dir + "/chain.cbor"] + found)
        #expect(unchecked.status == 1 && unchecked.out.contains("--l1-rpc"), "\(unchecked.out)")
    }

    @Test("a pledge's encoding: canonical round trip, its signature binds every term, bad lengths and ranges are refused")
    func pledgeEncoding() throws {
        let key = TestChain.validatorIdentity(seed: 1, index: 0)
        let pledge = AnchorPledge(
            chainID: "m", l1ChainID: 1, contract: [UInt8](repeating: 1, count: 20), poster: [UInt8](repeating: 2, count: 20),
            every: 8,
            fromHeight: 8, deadlineSeconds: 60, l1FromBlock: 100, signer: key)
        let decoded = try AnchorPledge(canonicalBytes: pledge.canonicalBytes())
        #expect(pledge.isSigned && decoded == pledge)
        #expect(pledge.covers(16) && !pledge.covers(12) && !pledge.covers(0))
        var moved = pledge
        moved.l1FromBlock = 101
        #expect(!moved.isSigned)
        for (field, value) in [(6, CBOR.unsigned(0)), (8, .unsigned(0)), (8, .unsigned(86_401)), (4, .bytes([1]))] {
            var fields = pledge.cborFields
            fields[field] = value
            #expect(throws: CBORError.self) { try AnchorPledge(cbor: .array(fields)) }
        }
    }
}
