import BPICodec

/// What a run may consume (docs/SPEC.md §13.1): the cage stops a run that reaches a limit and
/// records which one in the receipt, so a run can never hang or exhaust the executor.
public struct RunLimits: Sendable, Equatable, Hashable {
    /// Instruction budget (WasmKit fuel: about one unit per WebAssembly operator, host calls
    /// charged per byte they move). Native runs: CPU milliseconds.
    public var fuel: UInt64
    /// Largest linear memory, in 64 KiB pages. Native runs: address space in pages.
    public var memoryPages: UInt64
    /// Largest total of standard output, standard error and written files, in bytes.
    public var outputBytes: UInt64

    /// The defaults of `bpi run`: 100 million fuel, 256 pages (16 MiB), 16 MiB of output.
    public static let standard = RunLimits(fuel: 100_000_000, memoryPages: 256, outputBytes: 16 << 20)
    /// The most a run header may ask for: 2^40 fuel, the whole 4 GiB wasm32 space, 64 MiB of output.
    public static let maximum = RunLimits(fuel: 1 << 40, memoryPages: 65_536, outputBytes: 64 << 20)

    /// Limits.
    public init(fuel: UInt64, memoryPages: UInt64, outputBytes: UInt64) {
        self.fuel = fuel
        self.memoryPages = memoryPages
        self.outputBytes = outputBytes
    }
}

extension RunLimits: CBORCodable {
    /// `[fuel, memoryPages, outputBytes]`.
    public var cborFields: [CBOR] { [.unsigned(fuel), .unsigned(memoryPages), .unsigned(outputBytes)] }

    /// Decodes limits, refusing any above `maximum` or zero.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        fuel = try f.nextUInt("fuel")
        memoryPages = try f.nextUInt("memoryPages")
        outputBytes = try f.nextUInt("outputBytes")
        let max = Self.maximum
        guard (1...max.fuel).contains(fuel), (1...max.memoryPages).contains(memoryPages),
            outputBytes <= max.outputBytes
        else {
            throw .schema("RunLimits: fuel 1…\(max.fuel), memoryPages 1…\(max.memoryPages), outputBytes ≤ \(max.outputBytes)")
        }
    }
}
