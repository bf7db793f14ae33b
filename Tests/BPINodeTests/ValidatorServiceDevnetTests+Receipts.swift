import BPICodec
import BPIDockLock
import BPIFrames
import BPIHash
import BPILightClientTool
import BPINode
import BPITestSupport
import BPITools
import BPITypes
import Foundation
import Testing

/// DockLock receipts on a devnet: a receipt is replayed by every validator, finalized under the
/// same receipts_root everywhere and proven to the light client; a validly signed receipt that does
/// not replay is refused on entry, and a block that carries one (proposed by a validator that does
/// not replay receipts) is refused by the others, so it never finalizes. In the serialized suite.
extension ValidatorServiceDevnetTests {
    @Test(
        "receipts: replayed by every validator, one receipts_root everywhere, proven to the light client; a non-replaying one never finalizes"
    )
    func receipts() async throws {
        // Validator 3 checks only signatures and limits (verify_receipts = false): it takes the bad receipt
        // and proposes it; the other three replay and refuse.
        let net = try DevnetFixture(validators: 4) { i, config, _ in config.verifyReceipts = i != 3 }
        defer { net.shutdown() }
        try await net.waitUntil([0, 1, 2, 3], reach: 2)
        let rpc = try net.client(0)
        var executor = ServiceClient(
            rpc: rpc, identity: ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.devnet/svc/executor")))
        let registration = try await executor.submit { s, tick in s.register(tick: tick) }
        _ = try await ServiceClient.waitFinalized(registration.id, rpc: rpc, timeout: 60)

        let job = try RunJob(
            module: try DockLock.wasm(fromWAT: ExampleWorkload.wordcount.wat),
            inputs: ExampleWorkload.wordcount.inputs.map { RunInput(name: $0.0, content: $0.1) }, seed: .zero, timeMs: 0,
            args: ["wordcount"])
        let run = try DockLock.run(job)
        let key = executor.sender.identity.signing
        let good = executor.sender.sign(run.receipt)
        let witness = WitnessLog.encode(run.witness)
        let frame = try await executor.submit { s, tick in s.receipt(good, witnessLog: witness, tick: tick) }
        let at = try await ServiceClient.waitFinalized(frame.id, rpc: rpc, timeout: 60)
        let height = try #require(at.height)
        try await net.waitUntil([0, 1, 2, 3], reach: height)
        var roots = Set<String>()
        for i in 0..<4 {
            let header = try await net.client(i).getJSON("/v1/headers/\(height)", as: HeaderView.self)
            roots.insert(header.receiptsRoot)
            let view = try await net.client(i).getJSON("/v1/receipts/\(good.id.hex)", as: ReceiptView.self)
            #expect(view.height == height && view.receipt == Hex.encode(good.canonicalBytes()))
        }
        #expect(roots == [Receipt.root([good]).hex], "receipts_root differs between validators or from the receipt's: \(roots)")
        let proof = try await rpc.getJSON("/v1/receipts/\(good.id.hex)/proof", as: ReceiptProofView.self)
        let chain = ChainFile(entries: try await rpc.chain(through: height))
        let path = MerkleProof(
            index: UInt64(proof.index), count: UInt64(proof.count), siblings: proof.siblings.compactMap { Hash32(hex: $0) })
        let (report, refusal) = try LightClientTool.verifyReceipt(
            genesis: try net.genesis(), chain: chain, receipt: good, proof: path, height: height)
        #expect(report.failure == nil && refusal == nil, "\(refusal ?? "")")
        // A receipt for another height is not under this one's root.
        if height > 1 {
            let (_, other) = try LightClientTool.verifyReceipt(
                genesis: try net.genesis(), chain: chain, receipt: good, proof: path, height: height - 1)
            #expect(other != nil)
        }

        // The same run claiming another output: validly signed by a registered executor, but it does not replay.
        var forged = run.receipt
        forged.outputHash = Hash32([UInt8](repeating: 0x0F, count: 32))!
        let bad = forged.signed(executor: executor.id, key: key)
        let badPayload = ReceiptSubmission(receipt: bad, witnessLog: witness).canonicalBytes()
        try await executor.resume(to: [executor.id])
        let tick = try await ServiceClient.tick(rpc: rpc)
        var sender = executor.sender
        let badFrame = sender.frame(to: executor.id, kind: .receipt, payload: badPayload, tick: tick)
        let refused = try await rpc.exchange("/v1/frames", method: "POST", body: Data(badFrame.canonicalBytes()))
        #expect(refused.status == 422 && String(decoding: refused.body, as: UTF8.self).contains("bad-receipt"))
        let lax = try await net.client(3).exchange("/v1/frames", method: "POST", body: Data(badFrame.canonicalBytes()))
        #expect(lax.status == 202, "the lax validator should take it: \(String(decoding: lax.body, as: UTF8.self))")
        // Validator 3 proposes it when it leads a round; the others refuse that block.
        let layout = DevnetLayout(directory: net.directory)
        let deadline = Date().addingTimeInterval(90)
        var seen = false
        while !seen && Date() < deadline {
            try await Task.sleep(for: .milliseconds(250))
            for i in 0..<3 {
                let log = (try? String(contentsOf: layout.home(i).appendingPathComponent("node.log"), encoding: .utf8)) ?? ""
                if log.contains("does not replay from its witness") && log.contains("proposal refused") { seen = true }
            }
        }
        #expect(seen, "no honest validator refused a proposal carrying the non-replaying receipt within 90 s")
        let now = (await net.heights()).compactMap { $0 }.max() ?? 0
        try await net.waitUntil([0, 1, 2, 3], reach: now + 2)
        for i in 0..<4 {
            let answer = try await net.client(i).exchange("/v1/receipts/\(bad.id.hex)", method: "GET")
            #expect(answer.status == 404, "validator \(i) finalized the non-replaying receipt")
        }
        try await net.assertSafety()
    }
}
