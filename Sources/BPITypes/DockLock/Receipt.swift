import BPICodec
import BPICrypto
import BPIHash

/// The signed record of one DockLock run (docs/SPEC.md §13.5): `[version, runHeader, engine,
/// cesRoot, witnessRoot, outputHash, outcome, exitCode, fuelUsed, eventCount, policyResults,
/// (claim,) executor, signature]` — the zero-knowledge claim (§14.8) only when the run carried one. The executor — a service registered in the BPCI directory — signs
/// `0x44 ‖ canonical body` (every field but the signature) with its Ed25519 key. The receipt's id,
/// its leaf under `receiptsRoot`, is `Merkle.leafHash(canonical receipt)`.
public struct Receipt: Sendable, Equatable, Hashable {
    /// Format version (1).
    public var version: UInt64 = 1
    /// What was run.
    public var runHeader: RunHeader
    /// The engine that ran it and defines fuel (`wasmkit-0.4.2`, `linux-seccomp-1`): a replay on
    /// another engine is refused rather than compared.
    public var engine: String
    /// The CES root (`RunEvent.root`).
    public var cesRoot: Hash32
    /// The witness root (`WitnessEntry.root`).
    public var witnessRoot: Hash32
    /// `RunFile.root` of the outputs: `stdout`, `stderr` and `out:NAME` for each file written.
    public var outputHash: Hash32
    /// How the run ended.
    public var outcome: RunOutcome
    /// The program's exit code (0 unless `outcome` is `exited`).
    public var exitCode: UInt64
    /// Fuel consumed.
    public var fuelUsed: UInt64
    /// Number of canonical events.
    public var eventCount: UInt64
    /// The agreement's policy verdicts, pre hooks then post hooks in manifest order (docs/SPEC.md
    /// §14.2); empty when no agreement governs the run.
    public var policyResults: [PolicyResult]
    /// The zero-knowledge claim the run carried (§14.8), verified against its agreement's pinned key
    /// before the run and on every replay; nil for most runs.
    public var claim: ZKClaim?
    /// The executor's `svcIDHash` (zero for an unsigned local receipt).
    public var executor: Hash32
    /// The executor's Ed25519 signature (empty for an unsigned local receipt).
    public var signature: [UInt8]

    /// Most fuel a receipt on the chain may allow its run (`runHeader.limits.fuel`): what one
    /// validator's replay may cost (about a third of a second).
    public static let maxChainFuel: UInt64 = 100_000_000
    /// Most fuel the receipts of one block may allow together: bounds a block's replay.
    public static let maxBlockFuel: UInt64 = 400_000_000

    /// Longest engine name.
    public static let maxEngineBytes = 64
    /// Most policy results.
    public static let maxPolicyResults = 16

    /// An unsigned receipt.
    public init(
        runHeader: RunHeader, engine: String, cesRoot: Hash32, witnessRoot: Hash32, outputHash: Hash32,
        outcome: RunOutcome, exitCode: UInt64, fuelUsed: UInt64, eventCount: UInt64, policyResults: [PolicyResult] = []
    ) {
        self.runHeader = runHeader
        self.engine = engine
        self.cesRoot = cesRoot
        self.witnessRoot = witnessRoot
        self.outputHash = outputHash
        self.outcome = outcome
        self.exitCode = exitCode
        self.fuelUsed = fuelUsed
        self.eventCount = eventCount
        self.policyResults = policyResults
        executor = .zero
        signature = []
    }

    /// Every field but the signature.
    var bodyFields: [CBOR] {
        [
            .unsigned(version), runHeader.cbor, .text(engine), .bytes(cesRoot.bytes), .bytes(witnessRoot.bytes),
            .bytes(outputHash.bytes), .unsigned(outcome.rawValue), .unsigned(exitCode), .unsigned(fuelUsed),
            .unsigned(eventCount), .array(policyResults.map(\.cbor)),
        ] + (claim.map { [$0.cbor] } ?? []) + [.bytes(executor.bytes)]
    }

    /// What the executor signs: `0x44 ‖ canonical body`.
    public var signedMessage: [UInt8] {
        // Integers, byte and text strings and arrays of them always encode.
        [DomainTag.receiptSignature.rawValue] + ((try? CBOREncoder.encode(.array(bodyFields))) ?? [])
    }

    /// The receipt signed by `executor`'s key.
    public func signed(executor: Hash32, key: Ed25519PrivateKey) -> Receipt {
        var r = self
        r.executor = executor
        r.signature = key.sign(r.signedMessage)
        return r
    }

    /// Whether every policy hook passed (true when no agreement governs the run): the run was
    /// allowed and its results accepted.
    public var isApproved: Bool { outcome != .policyDenied && policyResults.allSatisfy { $0.verdict == .pass } }

    /// Whether it carries a signature at all.
    public var isSigned: Bool { !signature.isEmpty }

    /// Whether `key` signed it.
    public func isSigned(by key: Ed25519PublicKey) -> Bool {
        signature.count == 64 && key.isValidSignature(signature, for: signedMessage)
    }

    /// Whether every receipt is signed by its key, checked as one batch (`Ed25519BatchVerifier`): a
    /// light client holding many receipts checks them at several times the rate of one by one.
    public static func areSigned(_ receipts: [(receipt: Receipt, key: Ed25519PublicKey)]) -> Bool {
        guard receipts.allSatisfy({ $0.receipt.signature.count == 64 }) else { return false }
        return Ed25519BatchVerifier.verify(
            receipts.map { .init(signature: $0.receipt.signature, message: $0.receipt.signedMessage, key: $0.key) })
    }

    /// The receipt's id: its Merkle leaf hash under `receiptsRoot`.
    public var id: Hash32 { Merkle.leafHash(canonicalBytes()) }

    /// The `receiptsRoot` of a block's receipts, in block order.
    public static func root(_ receipts: [Receipt]) -> Hash32 { Merkle.root(leafHashes: receipts.map(\.id)) }
}

extension Receipt: CBORCodable {
    /// `[version, runHeader, engine, cesRoot, witnessRoot, outputHash, outcome, exitCode, fuelUsed,
    /// eventCount, policyResults, (claim,) executor, signature]`.
    public var cborFields: [CBOR] { bodyFields + [.bytes(signature)] }

    /// Decodes a receipt, checking its fields' ranges (not its signature: that needs the directory).
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("Receipt.version: unsupported version \(version)") }
        runHeader = try f.next("runHeader", as: RunHeader.self)
        engine = try f.nextText("engine")
        guard (1...Self.maxEngineBytes).contains(engine.utf8.count) else {
            throw .schema("Receipt.engine: 1…\(Self.maxEngineBytes) bytes")
        }
        cesRoot = Hash32(try f.nextBytes("cesRoot", count: 32))!
        witnessRoot = Hash32(try f.nextBytes("witnessRoot", count: 32))!
        outputHash = Hash32(try f.nextBytes("outputHash", count: 32))!
        let o = try f.nextUInt("outcome")
        guard let outcome = RunOutcome(rawValue: o) else { throw .schema("Receipt.outcome: unknown outcome \(o)") }
        self.outcome = outcome
        exitCode = try f.nextUInt("exitCode")
        guard exitCode <= UInt64(UInt32.max), outcome == .exited || exitCode == 0 else {
            throw .schema("Receipt.exitCode: a 32-bit code, and 0 unless the program exited")
        }
        fuelUsed = try f.nextUInt("fuelUsed")
        eventCount = try f.nextUInt("eventCount")
        guard eventCount >= 1 else { throw .schema("Receipt.eventCount: every run has at least its end event") }
        var results: [PolicyResult] = []
        for item in try f.nextArrayItems("policyResults", maxCount: Self.maxPolicyResults) {
            results.append(try PolicyResult(cbor: item))
        }
        policyResults = results
        guard runHeader.agreementID != .zero || (results.isEmpty && outcome != .policyDenied) else {
            throw .schema("Receipt.policyResults: a run no agreement governs has no policy verdicts")
        }
        guard outcome != .policyDenied || results.contains(where: { $0.hook == .pre && $0.verdict != .pass }) else {
            throw .schema("Receipt.outcome: policy-denied needs a pre hook that did not allow the run")
        }
        // The claim is there when three fields remain (claim, executor, signature).
        if f.remaining == 3 {
            claim = try f.next("claim", as: ZKClaim.self)
            guard runHeader.agreementID != .zero else {
                throw .schema("Receipt.claim: a claim is checked against its agreement's key; this run names no agreement")
            }
        } else {
            claim = nil
        }
        executor = Hash32(try f.nextBytes("executor", count: 32))!
        signature = try f.nextBytes("signature")
        guard signature.isEmpty || signature.count == 64 else {
            throw .schema("Receipt.signature: 64 bytes, or empty for an unsigned local receipt")
        }
        guard signature.isEmpty == (executor == .zero) else {
            throw .schema("Receipt: an executor needs a signature and a signature an executor")
        }
    }
}
