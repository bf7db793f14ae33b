import BPICodec
import BPICrypto
import BPIDockLock
import BPIHash
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// Agreements (docs/SPEC.md §14): the three example agreements judge word-count runs before and
/// after, the verdicts land in the receipt and replay; policies that try to escape, loop, grow or
/// point outside their memory are refused at load or stopped with a typed verdict.
@Suite struct PolicyEngineTests {
    static let wordcount = try! DockLock.wasm(fromWAT: ExampleWorkload.wordcount.wat)

    /// The policy module of example agreement `name` (examples/agreements/NAME/FILE.wat).
    static func examplePolicy(_ name: String, _ file: String) throws -> [UInt8] {
        let path = TestPaths.packageRoot.appendingPathComponent("examples/agreements/\(name)/\(file).wat").path
        return try DockLock.wasm(fromWAT: try String(contentsOfFile: path, encoding: .utf8))
    }

    static func agreement(
        _ policies: [[UInt8]], governs: [[UInt8]] = [wordcount],
        limits: PolicyLimits = PolicyLimits(fuel: 200_000, memoryPages: 1)
    ) throws -> Agreement {
        try Agreement(
            bundle: try AgreementBuilder.bundle(
                name: "test", agreementVersion: 1, governs: governs.map(RunHeader.moduleHash), limits: limits, policies: policies)
        )
    }

    static func job(_ agreement: Agreement, doc: String, extra: [RunInput] = []) throws -> RunJob {
        try RunJob(
            module: wordcount, inputs: [RunInput(name: "doc.txt", content: Array(doc.utf8))] + extra, seed: .zero, timeMs: 1_000,
            args: ["wordcount"], agreementID: agreement.id)
    }

    /// Runs word count under `agreement`.
    static func run(_ agreement: Agreement, doc: String, extra: [RunInput] = []) throws -> RunResult {
        try DockLock.run(try job(agreement, doc: doc, extra: extra), agreement: agreement)
    }

    /// A policy with one hook whose body is `body` (it may use the imports below).
    static func policy(_ hook: String = "pre", _ body: String, memory: String = "(memory (export \"memory\") 1)") throws
        -> [UInt8]
    {
        try DockLock.wasm(
            fromWAT: """
                (module
                  (import "bpi_policy_v1" "reason" (func $reason (param i32 i32) (result i32)))
                  (import "bpi_policy_v1" "context_read" (func $context_read (param i32 i32 i32) (result i32)))
                  (import "bpi_policy_v1" "file_read" (func $file_read (param i32 i32 i64 i32 i32) (result i32)))
                  \(memory)
                  (func (export "\(hook)") (result i32) \(body)))
                """)
    }

    @Test func theOutputBoundAcceptsElevenWordsAndRejectsThirteenWithItsReason() throws {
        let a = try Self.agreement([try Self.examplePolicy("output-bound", "bound")])
        let ok = try Self.run(a, doc: String(decoding: ExampleWorkload.wordcount.inputs[0].1, as: UTF8.self))
        #expect(ok.receipt.policyResults.map(\.verdict) == [.pass])
        #expect(ok.receipt.policyResults.first?.hook == .post)
        #expect(ok.receipt.isApproved && ok.receipt.outcome == .exited)
        let long = try Self.run(a, doc: "one two three four five six seven eight nine ten eleven twelve thirteen")
        #expect(long.receipt.outcome == .exited)  // it ran; its result is rejected
        #expect(long.receipt.policyResults.map(\.verdict) == [.refuse])
        #expect(long.policyReasons == ["the count is above the bound of 12"])
        #expect(
            long.receipt.policyResults[0].reasonHash == PolicyResult.reasonHash(Array("the count is above the bound of 12".utf8)))
        #expect(!long.receipt.isApproved)
        // The verdicts replay, and are part of what is compared.
        let replay = try DockLock.replay(long.receipt, witness: WitnessLog.encode(long.witness), agreement: a)
        #expect(replay.receipt.canonicalBytes() == long.receipt.canonicalBytes())
        var forged = long.receipt
        forged.policyResults[0].verdict = .pass
        #expect(throws: DockLockError.self) {
            try DockLock.replay(forged, witness: WitnessLog.encode(long.witness), agreement: a)
        }
        // Without the bundle, or with another one, nothing runs.
        #expect(throws: DockLockError.self) { try DockLock.replay(long.receipt, witness: WitnessLog.encode(long.witness)) }
        let other = try Self.agreement([try Self.examplePolicy("input-schema", "schema")])
        #expect(throws: DockLockError.self) {
            try DockLock.replay(long.receipt, witness: WitnessLog.encode(long.witness), agreement: other)
        }
        // A module the agreement does not govern is refused before anything runs.
        let entropy = try DockLock.wasm(fromWAT: ExampleWorkload.entropy.wat)
        #expect(throws: DockLockError.self) {
            try DockLock.run(try RunJob(module: entropy, inputs: [], seed: .zero, timeMs: 0, args: ["e"], agreementID: a.id))
        }
    }

    @Test func aDeniedRunGivesAReceiptThatSaysSoAndNeverStartsTheWorkload() throws {
        let a = try Self.agreement([try Self.examplePolicy("input-schema", "schema")])
        let denied = try Self.run(a, doc: "just words\n")
        #expect(denied.receipt.outcome == .policyDenied)
        #expect(denied.receipt.policyResults.map(\.verdict) == [.refuse])
        #expect(denied.policyReasons == ["an input does not start with the header line id,name,amount"])
        #expect(denied.receipt.fuelUsed == 0 && denied.outputs.stdout.isEmpty)
        #expect(denied.events.map(\.kind) == [.end])
        let decoded = try Receipt(canonicalBytes: denied.receipt.canonicalBytes())
        #expect(decoded == denied.receipt)
        let replay = try DockLock.replay(denied.receipt, witness: WitnessLog.encode(denied.witness), agreement: a)
        #expect(replay.receipt == denied.receipt)
        let allowed = try Self.run(a, doc: "id,name,amount\n1,ann,5\n")
        #expect(allowed.receipt.outcome == .exited && allowed.receipt.policyResults.map(\.verdict) == [.pass])
        #expect(String(decoding: allowed.outputs.stdout, as: UTF8.self) == "2\n")  // two words: the two lines
    }

    @Test func theCoSignedAgreementAcceptsOnlyTheCoSignersSignatureOfTheOutputHash() throws {
        let a = try Self.agreement([try Self.examplePolicy("cosigned", "cosign")])
        let doc = "a b c\n"
        let unsigned = try Self.run(a, doc: doc)
        #expect(unsigned.receipt.policyResults.map(\.verdict) == [.refuse])
        let cosigner = try Ed25519PrivateKey(seed: [UInt8](repeating: 0x0C, count: 32))
        let signature = cosigner.sign(unsigned.receipt.outputHash.bytes)
        let signed = try Self.run(a, doc: doc, extra: [RunInput(name: "cosign.sig", content: signature)])
        #expect(signed.receipt.outputHash == unsigned.receipt.outputHash)
        #expect(signed.receipt.policyResults.map(\.verdict) == [.pass])
        let stranger = try Ed25519PrivateKey(seed: [UInt8](repeating: 0x0D, count: 32))
        let forged = try Self.run(
            a, doc: doc, extra: [RunInput(name: "cosign.sig", content: stranger.sign(unsigned.receipt.outputHash.bytes))])
        #expect(forged.receipt.policyResults.map(\.verdict) == [.refuse])
    }

    @Test func policiesImportingOutsideTheABIOrMissingAHookAreRefusedAtLoad() throws {
        let cases: [(String, String)] = [
            ("WASI write", #"(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))"#),
            ("a write the ABI lacks", #"(import "bpi_policy_v1" "file_write" (func (param i32 i32) (result i32)))"#),
            ("a clock", #"(import "bpi_policy_v1" "clock" (func (result i64)))"#),
            ("an imported memory", #"(import "bpi_policy_v1" "memory" (memory 1))"#),
        ]
        for (what, importText) in cases {
            let module = try DockLock.wasm(
                fromWAT:
                    "(module \(importText) (memory (export \"memory\") 1) (func (export \"pre\") (result i32) (i32.const 0)))")
            #expect(throws: DockLockError.self, "\(what) was accepted") { try Self.agreement([module]) }
        }
        let noHook = try DockLock.wasm(
            fromWAT: #"(module (memory (export "memory") 1) (func (export "check") (result i32) (i32.const 0)))"#)
        #expect(throws: DockLockError.self) { try Self.agreement([noHook]) }
        let wrongType = try DockLock.wasm(
            fromWAT: #"(module (memory (export "memory") 1) (func (export "pre") (param i32) (result i32) (i32.const 0)))"#)
        #expect(throws: DockLockError.self) { try Self.agreement([wrongType]) }
        let noMemory = try DockLock.wasm(fromWAT: #"(module (func (export "pre") (result i32) (i32.const 0)))"#)
        #expect(throws: DockLockError.self) { try Self.agreement([noMemory]) }
        let float = try DockLock.wasm(
            fromWAT:
                #"(module (memory (export "memory") 1) (func (export "pre") (result i32) (i32.trunc_f64_s (f64.add (f64.const 1) (f64.const 2)))))"#
        )
        #expect(throws: DockLockError.self) { try Self.agreement([float]) }
        // A bundle whose manifest declares a hook the module does not export does not load either.
        let post = try Self.policy("post", "(i32.const 0)")
        let manifest = AgreementManifest(
            name: "x", agreementVersion: 1, governs: [RunHeader.moduleHash(Self.wordcount)], limits: .standard,
            policies: [PolicyEntry(moduleHash: RunHeader.moduleHash(post), hooks: [.pre, .post])])
        #expect(throws: DockLockError.self) { try Agreement(bundle: try AgreementBundle(manifest: manifest, modules: [post])) }
    }

    @Test func runawayPoliciesAreStoppedWithTypedVerdicts() throws {
        let cases: [(String, [UInt8], PolicyVerdict)] = [
            ("an endless loop", try Self.policy("pre", "(loop $l (br $l)) (i32.const 0)"), .outOfFuel),
            (
                "a memory bomb", try Self.policy("pre", "(loop $g (drop (memory.grow (i32.const 1))) (br $g)) (i32.const 0)"),
                .memoryLimit
            ),
            ("a read outside memory", try Self.policy("pre", "(i32.load (i32.const 70000))"), .trap),
            (
                "a reason outside memory",
                try Self.policy("pre", "(drop (call $reason (i32.const 65530) (i32.const 10))) (i32.const 1)"), .fault
            ),
            (
                "a context copy outside memory",
                try Self.policy("pre", "(call $context_read (i32.const 0) (i32.const 65535) (i32.const 100))"), .fault
            ),
            (
                "a file that does not exist",
                try Self.policy("pre", "(call $file_read (i32.const 0) (i32.const 9) (i64.const 0) (i32.const 0) (i32.const 1))"),
                .fault
            ),
            (
                "a bad file kind",
                try Self.policy("pre", "(call $file_read (i32.const 7) (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 1))"),
                .fault
            ),
            (
                "an overlong reason", try Self.policy("pre", "(drop (call $reason (i32.const 0) (i32.const 257))) (i32.const 1)"),
                .fault
            ),
            ("unreachable", try Self.policy("pre", "unreachable"), .trap),
            ("a refusal", try Self.policy("pre", "(i32.const 7)"), .refuse),
        ]
        for (what, module, verdict) in cases {
            let a = try Self.agreement([module])
            let r = try Self.run(a, doc: "x\n")
            #expect(r.receipt.policyResults.map(\.verdict) == [verdict], "\(what)")
            #expect(r.receipt.outcome == .policyDenied, "\(what): the workload ran")
            if verdict == .outOfFuel { #expect(r.receipt.policyResults[0].fuelUsed == 200_000) }
            // The stop replays to the same verdict.
            let replay = try DockLock.replay(r.receipt, witness: WitnessLog.encode(r.witness), agreement: a)
            #expect(replay.receipt == r.receipt, "\(what)")
        }
    }

    @Test func theSamePolicyAndInputsGiveTheSameVerdictBytesAThousandTimes() throws {
        let a = try Self.agreement([
            try Self.examplePolicy("input-schema", "schema"), try Self.examplePolicy("output-bound", "bound"),
        ])
        let job = try Self.job(a, doc: "id,name,amount\n1,ann,5\n2,bo,7\n")
        let context = PolicyContext(pre: job)
        let first = a.evaluate(context).map { $0.result.canonicalBytes() }
        #expect(first.count == 1)
        for _ in 0..<1_000 {
            #expect(a.evaluate(context).map { $0.result.canonicalBytes() } == first)
        }
        let run = try DockLock.run(job, agreement: a)
        #expect(run.receipt.policyResults.map(\.hook) == [.pre, .post])
    }

    @Test func receiptsWithoutAnAgreementCarryNoVerdictsAndDenialsNeedARefusal() throws {
        let plain = try DockLock.run(
            try RunJob(
                module: Self.wordcount, inputs: [RunInput(name: "doc.txt", content: [0x61])], seed: .zero, timeMs: 0, args: ["w"])
        )
        var x = plain.receipt
        x.policyResults = [PolicyResult(policyHash: .zero, hook: .pre, verdict: .pass, reasonHash: .zero, fuelUsed: 1)]
        #expect(throws: CBORError.self) { try Receipt(canonicalBytes: x.canonicalBytes()) }
        let a = try Self.agreement([try Self.examplePolicy("input-schema", "schema")])
        var allowed = try Self.run(a, doc: "id,name,amount\n").receipt
        allowed.outcome = .policyDenied
        allowed.exitCode = 0
        #expect(throws: CBORError.self) { try Receipt(canonicalBytes: allowed.canonicalBytes()) }
        #expect(throws: DockLockError.self) {
            try DockLock.run(
                try RunJob(module: Self.wordcount, inputs: [], seed: .zero, timeMs: 0, args: ["w"], agreementID: a.id))
        }
    }
}

/// The agreement formats against an independent Python implementation from the SPEC (cbor2, blake3):
/// the bundle and its id, module hashes, verdict encodings and reason hashes, and a pre hook's context.
@Suite struct AgreementOracleTests {
    @Test func bundleVerdictsAndContextMatchThePythonOracle() throws {
        let policies = [
            try PolicyEngineTests.examplePolicy("input-schema", "schema"),
            try PolicyEngineTests.examplePolicy("output-bound", "bound"),
        ]
        let governs = [PolicyEngineTests.wordcount, try DockLock.wasm(fromWAT: ExampleWorkload.entropy.wat)].map(
            RunHeader.moduleHash)
        let bundle = try AgreementBuilder.bundle(
            name: "oracle.check-1", agreementVersion: 7, governs: governs, limits: PolicyLimits(fuel: 12_345, memoryPages: 3),
            policies: policies)
        let a = try Agreement(bundle: bundle)
        let denied = try PolicyEngineTests.run(a, doc: "no header\n")
        let accepted = try PolicyEngineTests.run(a, doc: "id,name,amount\n")
        let evaluations = Array(
            zip(denied.receipt.policyResults + accepted.receipt.policyResults, denied.policyReasons + accepted.policyReasons))
        #expect(evaluations.count == 3)
        let job = try PolicyEngineTests.job(a, doc: "id,name,amount\n", extra: [RunInput(name: "b.csv", content: [1, 2, 3])])
        func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes) }
        let query: [String: Any] = [
            "name": "oracle.check-1", "version": 7, "governs": governs.map(\.hex), "fuel": 12_345, "pages": 3,
            "policies": zip(policies, bundle.manifest.policies).map { ["module": hex($0), "hooks": $1.hooks.map(\.rawValue)] },
            "results": evaluations.map { [$0.policyHash.hex, $0.hook.rawValue, $0.verdict.rawValue, $1, $0.fuelUsed] as [Any] },
            "header": hex(job.header.canonicalBytes()), "inputs": job.inputs.map { [$0.name, hex($0.content)] },
        ]
        let out = try Oracle.run("agreement_oracle.py", input: JSONSerialization.data(withJSONObject: query))
        let o = try #require(try JSONSerialization.jsonObject(with: out) as? [String: Any])
        #expect(o["bundle"] as? String == hex(bundle.canonicalBytes()))
        #expect(o["id"] as? String == a.id.hex)
        #expect(o["moduleHashes"] as? [String] == bundle.manifest.policies.map(\.moduleHash.hex))
        #expect(o["results"] as? [String] == evaluations.map { hex($0.0.canonicalBytes()) })
        #expect(o["reasonHashes"] as? [String] == evaluations.map(\.0.reasonHash.hex))
        #expect(o["preContext"] as? String == hex(PolicyContext(pre: job).bytes))
        #expect(try AgreementBundle(canonicalBytes: try Hex.decode(try #require(o["bundle"] as? String))) == bundle)
    }
}
