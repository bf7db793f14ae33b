import BPICodec
import BPIDockLock
import BPIFrames
import BPIHash
import BPINode
import BPITestSupport
import BPITools
import BPITypes
import Foundation
import Testing

/// Agreements on a devnet (docs/SPEC.md §14.5): a receipt naming an agreement is refused until the
/// bundle is pinned; a bundle whose policies do not load is refused; once pinned, every validator
/// serves the same bundle, replays governed receipts with it, and finalizes one whose verdicts
/// replay, while a receipt with a forged verdict is refused. In the serialized suite.
extension ValidatorServiceDevnetTests {
    @Test(
        "agreements: pinned by every validator; governed receipts replay with the bundle; unpinned, unloadable and forged refused"
    )
    func agreements() async throws {
        let net = try DevnetFixture(validators: 4)
        defer { net.shutdown() }
        try await net.waitUntil([0, 1, 2, 3], reach: 2)
        let rpc = try net.client(0)
        var executor = ServiceClient(
            rpc: rpc, identity: ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.devnet/svc/governed")))
        let registration = try await executor.submit { s, tick in s.register(tick: tick) }
        _ = try await ServiceClient.waitFinalized(registration.id, rpc: rpc, timeout: 60)

        let wordcount = try DockLock.wasm(fromWAT: ExampleWorkload.wordcount.wat)
        let policyPath = TestPaths.packageRoot.appendingPathComponent("examples/agreements/output-bound/bound.wat").path
        let bundle = try AgreementBuilder.bundle(
            name: "output-bound", agreementVersion: 1, governs: [RunHeader.moduleHash(wordcount)], limits: .standard,
            policies: [try DockLock.wasm(fromWAT: try String(contentsOfFile: policyPath, encoding: .utf8))])
        let agreement = try Agreement(bundle: bundle)
        let job = try RunJob(
            module: wordcount, inputs: [RunInput(name: "doc.txt", content: Array("three small words\n".utf8))], seed: .zero,
            timeMs: 0, args: ["wordcount"], agreementID: agreement.id)
        let run = try DockLock.run(job, agreement: agreement)
        #expect(run.receipt.isApproved)
        let signed = executor.sender.sign(run.receipt)
        let witness = WitnessLog.encode(run.witness)

        func post(_ make: (inout FrameSender, TickRef) -> Frame) async throws -> (Int, String) {
            try await executor.resume(to: [executor.id])
            let tick = try await ServiceClient.tick(rpc: rpc)
            var sender = executor.sender
            let frame = make(&sender, tick)
            let reply = try await rpc.exchange("/v1/frames", method: "POST", body: Data(frame.canonicalBytes()))
            return (reply.status, String(decoding: reply.body, as: UTF8.self))
        }

        // Before the bundle is pinned, nobody can re-check the verdicts: refused.
        let early = try await post { s, tick in s.receipt(signed, witnessLog: witness, tick: tick) }
        #expect(early.0 == 422 && early.1.contains("bad-receipt") && early.1.contains("not pinned"), "\(early)")

        // A bundle whose policy imports WASI decodes, but does not load: refused.
        let escape = try DockLock.wasm(
            fromWAT:
                #"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))) (memory (export "memory") 1) (func (export "pre") (result i32) (i32.const 0)))"#
        )
        let unloadable = try AgreementBundle(
            manifest: AgreementManifest(
                name: "escape", agreementVersion: 1, governs: [RunHeader.moduleHash(wordcount)], limits: .standard,
                policies: [PolicyEntry(moduleHash: RunHeader.moduleHash(escape), hooks: [.pre])]), modules: [escape])
        let refusedBundle = try await post { s, tick in s.agreement(unloadable, tick: tick) }
        #expect(refusedBundle.0 == 422 && refusedBundle.1.contains("bad-agreement"), "\(refusedBundle)")

        // Pinned: every validator serves the same bundle.
        try await executor.resume(to: [executor.id])
        let pin = try await executor.submit { s, tick in s.agreement(bundle, tick: tick) }
        let pinnedAt = try #require(try await ServiceClient.waitFinalized(pin.id, rpc: rpc, timeout: 60).height)
        try await net.waitUntil([0, 1, 2, 3], reach: pinnedAt)
        for i in 0..<4 {
            let view = try await net.client(i).getJSON("/v1/agreements/\(agreement.id.hex)", as: AgreementView.self)
            #expect(view.height == pinnedAt && view.bundle == Hex.encode(bundle.canonicalBytes()) && view.name == "output-bound")
        }
        let missing = try await rpc.exchange("/v1/agreements/\(Hash32.zero.hex)", method: "GET")
        #expect(missing.status == 404)

        // A forged verdict (the post hook's refusal claimed as a pass) does not replay: refused.
        let over = try RunJob(
            module: wordcount, inputs: [RunInput(name: "doc.txt", content: Array("a b c d e f g h i j k l m n\n".utf8))],
            seed: .zero, timeMs: 0, args: ["wordcount"], agreementID: agreement.id)
        let rejected = try DockLock.run(over, agreement: agreement)
        #expect(rejected.receipt.policyResults.map(\.verdict) == [.refuse])
        var forged = rejected.receipt
        forged.policyResults[0].verdict = .pass
        let forgedSigned = executor.sender.sign(forged)
        let forgedReply = try await post { s, tick in
            s.receipt(forgedSigned, witnessLog: WitnessLog.encode(rejected.witness), tick: tick)
        }
        #expect(forgedReply.0 == 422 && forgedReply.1.contains("bad-receipt"), "\(forgedReply)")

        // The governed receipt is now replayed with the pinned bundle and finalized everywhere.
        try await executor.resume(to: [executor.id])
        let frame = try await executor.submit { s, tick in s.receipt(signed, witnessLog: witness, tick: tick) }
        let height = try #require(try await ServiceClient.waitFinalized(frame.id, rpc: rpc, timeout: 60).height)
        try await net.waitUntil([0, 1, 2, 3], reach: height)
        for i in 0..<4 {
            let view = try await net.client(i).getJSON("/v1/receipts/\(signed.id.hex)", as: ReceiptView.self)
            #expect(view.approved && view.policyResults.map(\.verdict) == ["accept"] && view.height == height)
            #expect(view.policyResults.first?.policy == bundle.manifest.policies[0].moduleHash.hex)
        }
    }
}
