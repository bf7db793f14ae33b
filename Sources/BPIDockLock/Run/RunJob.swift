import BPIHash
import BPITypes

/// A run to perform: its header, the module it names and the input files it commits to.
public struct RunJob: Sendable {
    /// What to run.
    public var header: RunHeader
    /// The module (WASM) or program (native) bytes; `header.moduleHash` is their hash.
    public var module: [UInt8]
    /// The input files, by name.
    public var inputs: [RunInput]
    /// A zero-knowledge claim the run carries (docs/SPEC.md §14.8): verified against the
    /// agreement's pinned key before the hooks run, shown to them as `ctx.zk`, kept in the receipt.
    public var claim: ZKClaim?

    /// Most input files.
    public static let maxInputs = 256

    /// A job, checked: the module and inputs match the header, names are valid and distinct.
    public init(header: RunHeader, module: [UInt8], inputs: [RunInput]) throws(DockLockError) {
        guard RunHeader.moduleHash(module) == header.moduleHash else {
            throw .badRun("the module's hash is not the run header's moduleHash")
        }
        guard inputs.count <= Self.maxInputs else { throw .badRun("at most \(Self.maxInputs) input files") }
        var seen = Set<String>()
        for input in inputs {
            guard RunFile.isValidName(input.name) else { throw .badRun("input file name '\(input.name)' is not allowed") }
            guard seen.insert(input.name).inserted else { throw .badRun("input file '\(input.name)' given twice") }
        }
        guard RunInput.root(inputs) == header.inputRoot else {
            throw .badRun("the input files' root is not the run header's inputRoot")
        }
        self.header = header
        self.module = module
        self.inputs = inputs.sorted { RunFile.precedes($0.name, $1.name) }
    }

    /// A job whose header is built from its parts.
    public init(
        runtime: RunRuntime = .wasm, module: [UInt8], inputs: [RunInput], seed: Hash32, timeMs: UInt64, args: [String],
        env: [String] = [], limits: RunLimits = .standard, agreementID: Hash32 = .zero
    ) throws(DockLockError) {
        let header = RunHeader(
            runtime: runtime, agreementID: agreementID, moduleHash: RunHeader.moduleHash(module),
            inputRoot: RunInput.root(inputs), seed: seed, timeMs: timeMs, args: args, env: env, limits: limits)
        try self.init(header: header, module: module, inputs: inputs)
    }
}
