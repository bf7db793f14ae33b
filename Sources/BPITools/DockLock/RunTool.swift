import BPICodec
import BPIDockLock
import BPIHash
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi run` (docs/CLI.md): runs a WASM module or a static native program in its DockLock cage,
/// writes what it produced and its witness log to `--out`, and prints the receipt as JSON — the
/// same bytes on every run and machine for the same module, inputs and options.
public enum RunTool {
    /// What to run.
    public struct Request: Sendable {
        /// Which file the module comes from and how to read it.
        public enum Source: Sendable {
            /// A WebAssembly binary module file.
            case wasm(String)
            /// A WebAssembly text module file.
            case wat(String)
            /// A static Linux executable file.
            case native(String)
            /// One of the built-in example workloads (`ExampleWorkload`), by name.
            case example(String)
        }
        public var source: Source
        public var inputDirectory: String?
        public var limits: RunLimits
        public var seedHex: String?
        public var timeMs: UInt64
        public var args: [String]
        public var env: [String]
        public var out: String
        public var receiptOut: String?
        public var force: Bool
        /// An agreement bundle file to run under (`agreementc build` writes one), or nil.
        public var agreement: String?
        /// A claim file (`agreementc claim` writes one) the run carries, or nil.
        public var claim: String?

        public init(
            source: Source, inputDirectory: String?, limits: RunLimits, seedHex: String?, timeMs: UInt64, args: [String],
            env: [String], out: String, receiptOut: String?, force: Bool, agreement: String? = nil, claim: String? = nil
        ) {
            self.source = source
            self.inputDirectory = inputDirectory
            self.limits = limits
            self.seedHex = seedHex
            self.timeMs = timeMs
            self.args = args
            self.env = env
            self.out = out
            self.receiptOut = receiptOut
            self.force = force
            self.agreement = agreement
            self.claim = claim
        }
    }

    /// The run's result and the paths written.
    public struct Report: Sendable {
        public var result: RunResult
        public var witnessPath: String
        /// The receipt (and events) as JSON.
        public var json: String {
            String(
                decoding: ToolJSON.encode(
                    ReceiptView(result.receipt, events: result.events, denied: result.deniedCalls, reasons: result.policyReasons),
                    pretty: true) ?? Data(),
                as: UTF8.self)
        }
        /// Exit status: 0 the run completed (any exit code or trap), 1 a limit or the cage stopped it.
        public var exitCode: Int32 {
            let o = result.receipt.outcome
            return o.isLimit || o == .killed || o == .policyDenied ? 1 : 0
        }
    }

    /// Reads the module and inputs, runs, writes `--out` and the receipt. Exit-2 errors for bad
    /// options, unreadable files and refused modules.
    public static func run(_ request: Request) throws(ToolError) -> Report {
        let (module, runtime) = try loadModule(request.source)
        let inputs = try request.inputDirectory.map(readInputs) ?? []
        let seed: Hash32
        if let hex = request.seedHex {
            guard let s = Hash32(hex: hex) else { throw .badInput("--seed-hex takes 64 hex digits (32 bytes)") }
            seed = s
        } else {
            seed = .zero
        }
        try checkStrings(request.args, "--arg")
        try checkStrings(request.env, "--env")
        for e in request.env where !e.contains("=") { throw .badInput("--env takes KEY=VALUE, got '\(e)'") }
        let agreement = try request.agreement.map(AgreementTool.load)
        let claim = try request.claim.map(AgreementTool.loadClaim)
        let out = URL(fileURLWithPath: request.out)
        try prepare(out, force: request.force)
        let result: RunResult
        do {
            var job = try RunJob(
                runtime: runtime, module: module, inputs: inputs, seed: seed, timeMs: request.timeMs,
                args: request.args.isEmpty ? ["workload"] : request.args, env: request.env, limits: request.limits,
                agreementID: agreement?.id ?? .zero)
            job.claim = claim
            result = try DockLock.run(job, agreement: agreement)
        } catch {
            throw .badInput(error.description)
        }
        let witnessPath = out.appendingPathComponent("witness.log").path
        do {
            let fm = FileManager.default
            try Data(result.outputs.stdout).write(to: out.appendingPathComponent("stdout"))
            try Data(result.outputs.stderr).write(to: out.appendingPathComponent("stderr"))
            let files = out.appendingPathComponent("files")
            try fm.createDirectory(at: files, withIntermediateDirectories: true)
            for (name, bytes) in result.outputs.files { try Data(bytes).write(to: files.appendingPathComponent(name)) }
            try Data(WitnessLog.encode(result.witness)).write(to: URL(fileURLWithPath: witnessPath))
            if let receiptOut = request.receiptOut {
                try Data(result.receipt.canonicalBytes()).write(to: URL(fileURLWithPath: receiptOut))
            }
        } catch {
            throw .io("writing the run's outputs: \(error.localizedDescription)")
        }
        return Report(result: result, witnessPath: witnessPath)
    }

    static func loadModule(_ source: Request.Source) throws(ToolError) -> ([UInt8], RunRuntime) {
        switch source {
        case .wasm(let path): return (try InputReader.readAll(path: path), .wasm)
        case .native(let path): return (try InputReader.readAll(path: path), .native)
        case .example(let name):
            guard let example = ExampleWorkload(rawValue: name) else {
                throw .badInput(
                    "no example '\(name)'; the examples are \(ExampleWorkload.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            do {
                return (try DockLock.wasm(fromWAT: example.wat), .wasm)
            } catch {
                throw .badInput("example \(name): \(error)")
            }
        case .wat(let path):
            do {
                return (try DockLock.wasm(fromWAT: try InputReader.readText(path: path)), .wasm)
            } catch let error as ToolError {
                throw error
            } catch {
                throw .badInput("\(path): \(error)")
            }
        }
    }

    /// The regular files at the top of `path`, by name; a subdirectory or an unusable name is an error.
    static func readInputs(_ path: String) throws(ToolError) -> [RunInput] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .badInput("--input \(path): not a directory")
        }
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw .io("--input \(path): \(error.localizedDescription)")
        }
        guard names.count <= RunJob.maxInputs else { throw .badInput("--input holds more than \(RunJob.maxInputs) files") }
        var inputs: [RunInput] = []
        for name in names {
            let file = URL(fileURLWithPath: path).appendingPathComponent(name).path
            var dir: ObjCBool = false
            _ = fm.fileExists(atPath: file, isDirectory: &dir)
            guard !dir.boolValue else { throw .badInput("--input \(path): '\(name)' is a directory; inputs are flat files") }
            guard RunFile.isValidName(name) else { throw .badInput("--input \(path): '\(name)' is not a usable file name") }
            inputs.append(RunInput(name: name, content: try InputReader.readAll(path: file)))
        }
        return inputs
    }

    static func checkStrings(_ strings: [String], _ flag: String) throws(ToolError) {
        guard strings.count <= RunHeader.maxStrings else { throw .badInput("at most \(RunHeader.maxStrings) \(flag) values") }
        for s in strings where s.utf8.count > RunHeader.maxStringBytes || s.utf8.contains(0) {
            throw .badInput("\(flag) values are at most \(RunHeader.maxStringBytes) bytes, without NUL")
        }
    }

    static func prepare(_ out: URL, force: Bool) throws(ToolError) {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: out.path), !existing.isEmpty, !force {
            throw .badInput("--out \(out.path) is not empty (add --force to replace what is in it)")
        }
        do {
            if force { try? fm.removeItem(at: out) }
            try fm.createDirectory(at: out, withIntermediateDirectories: true)
        } catch {
            throw .io("--out \(out.path): \(error.localizedDescription)")
        }
    }
}
