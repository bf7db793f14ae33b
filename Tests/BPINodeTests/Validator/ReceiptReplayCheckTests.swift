import BPIDockLock
import BPIFrames
import BPIHash
import BPINode
import BPITypes
import Foundation
import Testing

/// A validator's replay check: a receipt that replays passes; one naming an agreement is refused
/// while bundles cannot be pinned (docs/SPEC.md §14.2), so no verdict nobody can re-check is ordered.
@Suite struct ReceiptReplayCheckTests {
    static func frame(agreement: Agreement?) throws -> Frame {
        let wordcount = try DockLock.wasm(fromWAT: ExampleWorkload.wordcount.wat)
        let job = try RunJob(
            module: wordcount, inputs: [RunInput(name: "doc.txt", content: Array("a b".utf8))], seed: .zero, timeMs: 0,
            args: ["w"], agreementID: agreement?.id ?? .zero)
        let run = try DockLock.run(job, agreement: agreement)
        var sender = FrameSender(identity: ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.test/svc/executor")))
        let signed = sender.sign(run.receipt)
        return sender.receipt(
            signed, witnessLog: WitnessLog.encode(run.witness), tick: TickRef(height: 0, tickIndex: 0, tickHash: .zero))
    }

    @Test func aGovernedReceiptIsRefusedUntilItsBundleCanBeKnown() throws {
        let check = ReceiptReplayCheck()
        try check.check(try Self.frame(agreement: nil))
        let policy = try DockLock.wasm(
            fromWAT: #"(module (memory (export "memory") 1) (func (export "pre") (result i32) (i32.const 0)))"#)
        let agreement = try Agreement(
            bundle: try AgreementBuilder.bundle(
                name: "allow-all", agreementVersion: 1,
                governs: [RunHeader.moduleHash(try DockLock.wasm(fromWAT: ExampleWorkload.wordcount.wat))], limits: .standard,
                policies: [policy]))
        let governed = try Self.frame(agreement: agreement)
        #expect {
            try check.check(governed)
        } throws: { error in
            "\(error)".contains("agreement")
        }
    }
}
