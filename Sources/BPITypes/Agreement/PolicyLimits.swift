import BPICodec

/// What one policy hook may consume (docs/SPEC.md §14.1): a hook that reaches a limit is stopped
/// with a typed verdict, never hangs the executor or a validator replaying it.
public struct PolicyLimits: Sendable, Equatable, Hashable {
    /// Fuel of one hook call (WasmKit fuel, host calls charged as in the workload cage).
    public var fuel: UInt64
    /// Largest linear memory, in 64 KiB pages.
    public var memoryPages: UInt64

    /// The defaults of `agreementc build`: 1 million fuel, 16 pages (1 MiB).
    public static let standard = PolicyLimits(fuel: 1_000_000, memoryPages: 16)
    /// The most a manifest may ask for: 10 million fuel per hook, 256 pages (16 MiB).
    public static let maximum = PolicyLimits(fuel: 10_000_000, memoryPages: 256)

    /// Limits.
    public init(fuel: UInt64, memoryPages: UInt64) {
        self.fuel = fuel
        self.memoryPages = memoryPages
    }

    /// Whether both are between 1 and `maximum`.
    public var isValid: Bool {
        (1...Self.maximum.fuel).contains(fuel) && (1...Self.maximum.memoryPages).contains(memoryPages)
    }
}

extension PolicyLimits: CBORCodable {
    /// `[fuel, memoryPages]`.
    public var cborFields: [CBOR] { [.unsigned(fuel), .unsigned(memoryPages)] }

    /// Decodes limits, refusing zero or anything above `maximum`.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        fuel = try f.nextUInt("fuel")
        memoryPages = try f.nextUInt("memoryPages")
        guard isValid else {
            throw .schema("PolicyLimits: fuel 1…\(Self.maximum.fuel), memoryPages 1…\(Self.maximum.memoryPages)")
        }
    }
}
