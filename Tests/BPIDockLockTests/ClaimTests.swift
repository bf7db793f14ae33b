import BPICodec
import BPIDockLock
import BPIHash
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// Zero-knowledge claims on runs (docs/SPEC.md §14.8): an agreement pins a Groth16 key; a run
/// carrying a claim that holds under it runs, its hooks see `ctx.zk`, its receipt carries the claim
/// and replays; a claim that does not hold, names a key the agreement lacks, or comes without an
/// agreement is refused before anything runs, and a receipt whose claim was swapped fails replay.
@Suite struct ClaimTests {
    /// The claim of vector `i` of Tests/Vectors/groth16_range-v1.json.
    static func claim(_ i: Int = 0, keyIndex: UInt64 = 0) throws -> (claim: ZKClaim, key: [UInt8]) {
        let v = Groth16Vectors.all[i]
        return (
            try ZKClaim(
                system: "groth16-bls12-381", keyIndex: keyIndex, inputs: try v.inputs.map { try Hex.decode($0) },
                proof: try Hex.decode(v.proof)),
            try Hex.decode(v.vk)
        )
    }

    /// A pre hook that allows the run only when the context carries `ctx.zk` (a 5-element array).
    static func requiresClaim() throws -> [UInt8] {
        try PolicyEngineTests.policy(
            "pre",
            """
            (drop (call $context_read (i32.const 0) (i32.const 0) (i32.const 1)))
            (if (result i32) (i32.eq (i32.load8_u (i32.const 0)) (i32.const 0x85))
              (then (i32.const 0))
              (else (drop (call $reason (i32.const 100) (i32.const 8))) (i32.const 1)))
            """, memory: #"(memory (export "memory") 1) (data (i32.const 100) "no claim")"#)
    }

    static func agreement(keys: [[UInt8]]) throws -> Agreement {
        try Agreement(
            bundle: try AgreementBuilder.bundle(
                name: "claims", agreementVersion: 1, governs: [RunHeader.moduleHash(PolicyEngineTests.wordcount)],
                limits: PolicyLimits(fuel: 200_000, memoryPages: 1), policies: [try requiresClaim()], claimKeys: keys))
    }

    @Test func aHoldingClaimRunsIsSeenByTheHooksAndReplays() throws {
        let (claim, key) = try Self.claim()
        let a = try Self.agreement(keys: [key])
        let reread = try AgreementBundle(canonicalBytes: a.bundle.canonicalBytes())
        #expect(a.bundle.version == 2 && reread == a.bundle)
        var job = try PolicyEngineTests.job(a, doc: "one two three")
        job.claim = claim
        let result = try DockLock.run(job, agreement: a)
        #expect(result.receipt.outcome == .exited && result.receipt.isApproved && result.receipt.claim == claim)
        let decoded = try Receipt(canonicalBytes: result.receipt.canonicalBytes())
        #expect(decoded == result.receipt && decoded.claim == claim)
        _ = try DockLock.replay(result.receipt, witness: WitnessLog.encode(result.witness), agreement: a)
        // The same run without its claim: the hook sees no ctx.zk and denies.
        let plain = try DockLock.run(try PolicyEngineTests.job(a, doc: "one two three"), agreement: a)
        #expect(plain.receipt.outcome == .policyDenied && plain.receipt.claim == nil)
    }

    @Test func claimsThatDoNotHoldOrHaveNoKeyAreRefusedBeforeTheRun() throws {
        let (claim, key) = try Self.claim()
        let (other, otherKey) = try Self.claim(1)
        let a = try Self.agreement(keys: [key])
        var job = try PolicyEngineTests.job(a, doc: "one two three")
        var wrong = claim
        wrong.inputs[0][31] ^= 1
        for (bad, why) in [
            (wrong, "wrong public input"), (other, "a proof under another key"),
            (try ZKClaim(system: claim.system, keyIndex: 1, inputs: claim.inputs, proof: claim.proof), "no key 1"),
            (try ZKClaim(system: "plonk-bn254", keyIndex: 0, inputs: claim.inputs, proof: claim.proof), "unknown system"),
            (try ZKClaim(system: claim.system, keyIndex: 0, inputs: claim.inputs, proof: Array(claim.proof.dropLast())), "short"),
        ] {
            job.claim = bad
            #expect(throws: DockLockError.self, "\(why)") { try DockLock.run(job, agreement: a) }
        }
        // Under the other key, the other vector's claim holds.
        let b = try Self.agreement(keys: [key, otherKey])
        var otherJob = try PolicyEngineTests.job(b, doc: "one two three")
        otherJob.claim = try ZKClaim(system: other.system, keyIndex: 1, inputs: other.inputs, proof: other.proof)
        #expect(try DockLock.run(otherJob, agreement: b).receipt.isApproved)
        // No agreement, no claim.
        var ungoverned = try RunJob(
            module: PolicyEngineTests.wordcount, inputs: [RunInput(name: "doc.txt", content: Array("x".utf8))], seed: .zero,
            timeMs: 1, args: ["wordcount"])
        ungoverned.claim = claim
        #expect(throws: DockLockError.self) { try DockLock.run(ungoverned) }
    }

    @Test func aReceiptWhoseClaimWasSwappedFailsReplay() throws {
        let (claim, key) = try Self.claim()
        let a = try Self.agreement(keys: [key])
        var job = try PolicyEngineTests.job(a, doc: "one two three")
        job.claim = claim
        let result = try DockLock.run(job, agreement: a)
        var forged = result.receipt
        forged.claim?.inputs[0][31] ^= 1
        #expect(throws: DockLockError.self) {
            try DockLock.replay(forged, witness: WitnessLog.encode(result.witness), agreement: a)
        }
    }

    @Test func claimAndBundleDecodingRefuseWhatIsNotCanonical() throws {
        let (claim, key) = try Self.claim()
        #expect(try ZKClaim(canonicalBytes: claim.canonicalBytes()) == claim)
        #expect(throws: CBORError.self) { try ZKClaim(system: "", keyIndex: 0, inputs: claim.inputs, proof: claim.proof) }
        #expect(throws: CBORError.self) { try ZKClaim(system: claim.system, keyIndex: 0, inputs: [], proof: claim.proof) }
        #expect(throws: CBORError.self) {
            try ZKClaim(system: claim.system, keyIndex: 0, inputs: [Array(claim.inputs[0].dropFirst())], proof: claim.proof)
        }
        // A version-2 bundle with a broken key, and a version-1 bundle with keys, do not decode.
        let a = try Self.agreement(keys: [key])
        var brokenKey = key
        brokenKey[brokenKey.count - 3] ^= 0x40
        #expect(throws: CBORError.self) {
            try AgreementBundle(manifest: a.bundle.manifest, modules: a.bundle.modules, claimKeys: [brokenKey])
        }
        var fields = a.bundle.cborFields
        fields[0] = .unsigned(1)
        #expect(throws: CBORError.self) { try AgreementBundle(canonicalBytes: try CBOREncoder.encode(.array(fields))) }
        // A receipt that carries a claim but names no agreement does not decode.
        var r = Receipt(
            runHeader: RunHeader(
                agreementID: .zero, moduleHash: .zero, inputRoot: Header.emptyRoot, seed: .zero, timeMs: 0, args: []),
            engine: "wasmkit-0.4.2/docklock-1", cesRoot: .zero, witnessRoot: .zero, outputHash: .zero, outcome: .exited,
            exitCode: 0, fuelUsed: 1, eventCount: 1)
        r.claim = claim
        #expect(throws: CBORError.self) { try Receipt(canonicalBytes: r.canonicalBytes()) }
    }
}
