import BPICodec
import BPIDockLock
import BPIHash
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `agreementc` (docs/CLI.md): builds agreement bundles from a manifest and policy sources,
/// inspects them, simulates a governed run locally, and pins bundles to the mesh.
public enum AgreementTool {
    /// Builds the bundle of the manifest at `path` (a file or a directory holding `manifest.toml`)
    /// and writes its canonical bytes to `out` (default `NAME.agreement` in the current directory).
    public static func build(_ path: String, out: String?) throws(ToolError) -> AgreementView {
        let file = try AgreementManifestFile(path: path)
        let bundle: AgreementBundle
        do {
            bundle = try AgreementBuilder.bundle(
                name: file.name, agreementVersion: file.version, governs: file.governs, limits: file.limits,
                policies: file.policies, claimKeys: file.claimKeys)
        } catch {
            throw .badInput(error.description)
        }
        let target = out ?? "\(file.name).agreement"
        do {
            try Data(bundle.canonicalBytes()).write(to: URL(fileURLWithPath: target))
        } catch {
            throw .io("writing \(target): \(error.localizedDescription)")
        }
        return AgreementView(bundle, path: target)
    }

    /// Writes the claim of `proof` (hex, 192 bytes) for `inputs` (hex, 32 bytes each) under key
    /// `keyIndex` to `out`, after checking that it holds under that key of `agreementPath`'s bundle.
    public static func claim(
        proofHex: String, inputsHex: [String], keyIndex: UInt64, agreementPath: String, out: String
    ) throws(ToolError) -> ZKClaim {
        let agreement = try load(agreementPath)
        let claim: ZKClaim
        do {
            claim = try ZKClaim(
                system: Groth16ClaimVerifier().system, keyIndex: keyIndex, inputs: try inputsHex.map { try Hex.decode($0) },
                proof: try Hex.decode(proofHex.trimmingCharacters(in: .whitespacesAndNewlines)))
        } catch {
            throw .badInput("the claim is malformed: \(error)")
        }
        do {
            try ClaimVerifiers.verify(claim, keys: agreement.bundle.claimKeys)
        } catch {
            throw .verificationFailed("the claim does not hold under key \(keyIndex) of \(agreementPath): \(error)")
        }
        do {
            try Data(claim.canonicalBytes()).write(to: URL(fileURLWithPath: out))
        } catch {
            throw .io("writing \(out): \(error.localizedDescription)")
        }
        return claim
    }

    /// Reads a claim file (canonical CBOR).
    public static func loadClaim(_ path: String) throws(ToolError) -> ZKClaim {
        do {
            return try ZKClaim(canonicalBytes: try InputReader.readAll(path: path))
        } catch let error as ToolError {
            throw error
        } catch {
            throw .badInput("\(path) is not a claim: \(error)")
        }
    }

    /// Reads a bundle file and loads it (every policy screened), refusing anything else.
    public static func load(_ path: String) throws(ToolError) -> Agreement {
        let bytes = try InputReader.readAll(path: path)
        do {
            return try Agreement(bundle: try AgreementBundle(canonicalBytes: bytes))
        } catch let error as CBORError {
            throw .badInput("\(path) is not an agreement bundle: \(error)")
        } catch {
            throw .badInput("\(path): \(error)")
        }
    }

    /// The bundle at `path`, described.
    public static func inspect(_ path: String) throws(ToolError) -> AgreementView {
        AgreementView(try load(path).bundle, path: path)
    }

    /// What `simulate` found.
    public struct SimulateReport: Codable, Sendable {
        /// The agreement's id.
        public var agreement: String
        /// How many times the run was made.
        public var runs: Int
        /// Whether every run gave the same receipt, outputs and verdicts, byte for byte.
        public var identical: Bool
        /// Whether every policy hook passed.
        public var approved: Bool
        /// The would-be receipt (unsigned), with the reasons in words.
        public var receipt: ReceiptView
        /// Standard output of the run, as text.
        public var stdout: String

        /// Exit status: 0 approved and identical, 1 a policy refused or runs differed.
        public var exitCode: Int32 { approved && identical ? 0 : 1 }

        /// Lines for a person.
        public var text: String {
            var lines = [
                "agreement \(agreement)",
                "outcome   \(receipt.outcome) (exit code \(receipt.exitCode), \(receipt.fuelUsed) fuel)",
            ]
            for r in receipt.policyResults {
                lines.append(
                    "\(r.hook.padding(toLength: 4, withPad: " ", startingAt: 0))      \(r.verdict) by \(r.policy.prefix(16))…\(r.reason.map { ": \($0)" } ?? "") (\(r.fuelUsed) fuel)"
                )
            }
            lines.append("receipt   \(receipt.id)")
            lines.append(runs > 1 ? "runs      \(runs), \(identical ? "all byte-identical" : "NOT identical")" : "runs      1")
            lines.append(approved ? "approved" : "not approved")
            return lines.joined(separator: "\n")
        }
    }

    /// Runs the pre hooks, the workload and the post hooks of `agreementPath` locally `runs`
    /// times and compares every run's receipt and outputs with the first.
    public static func simulate(
        agreementPath: String, workload: String, inputDirectory: String?, runs: Int, seedHex: String?, timeMs: UInt64,
        args: [String]
    ) throws(ToolError) -> SimulateReport {
        guard (1...100_000).contains(runs) else { throw .badInput("--runs takes 1…100000") }
        let agreement = try load(agreementPath)
        let source: RunTool.Request.Source =
            workload.hasPrefix("example:")
            ? .example(String(workload.dropFirst(8))) : workload.hasSuffix(".wat") ? .wat(workload) : .wasm(workload)
        let (module, _) = try RunTool.loadModule(source)
        let inputs = try inputDirectory.map(RunTool.readInputs) ?? []
        var seed = Hash32.zero
        if let hex = seedHex {
            guard let s = Hash32(hex: hex) else { throw .badInput("--seed-hex takes 64 hex digits (32 bytes)") }
            seed = s
        }
        try RunTool.checkStrings(args, "--arg")
        var first: RunResult?
        var identical = true
        for _ in 0..<runs {
            let result: RunResult
            do {
                let job = try RunJob(
                    module: module, inputs: inputs, seed: seed, timeMs: timeMs, args: args.isEmpty ? ["workload"] : args,
                    agreementID: agreement.id)
                result = try DockLock.run(job, agreement: agreement)
            } catch {
                throw .badInput(error.description)
            }
            if let f = first {
                identical =
                    identical && f.receipt.canonicalBytes() == result.receipt.canonicalBytes() && f.outputs == result.outputs
                    && f.policyReasons == result.policyReasons
            } else {
                first = result
            }
        }
        let r = first!
        return SimulateReport(
            agreement: agreement.id.hex, runs: runs, identical: identical, approved: r.receipt.isApproved,
            receipt: ReceiptView(r.receipt, reasons: r.policyReasons), stdout: String(decoding: r.outputs.stdout, as: UTF8.self))
    }
}

extension AgreementTool {
    /// What `agreementc pin` did.
    public struct Pinned: Sendable, Codable {
        /// The agreement's id.
        public var agreement: String
        /// The frame that carried it.
        public var frame: String
        /// The height that finalized it.
        public var height: UInt64

        /// Lines for a person.
        public var text: String { "agreement \(agreement)\nframe \(frame)\npinned at height \(height)" }
    }

    /// Publishes the bundle at `path` as an agreement frame signed by service `service` (to itself)
    /// and waits until a header finalizes it; validators then keep it, addressed by its id.
    public static func pin(
        _ path: String, home: URL, service: String, passphrase: [UInt8], rpc: RPCClient, timeout: Double
    ) async throws(ToolError) -> Pinned {
        let bundle = try load(path).bundle
        let (frame, height) = try await ServiceTool.submitFinalized(
            home: home, name: service, passphrase: passphrase, rpc: rpc, timeout: timeout
        ) { s, tick in s.agreement(bundle, tick: tick) }
        return Pinned(agreement: bundle.id.hex, frame: frame.id.hex, height: height)
    }
}
