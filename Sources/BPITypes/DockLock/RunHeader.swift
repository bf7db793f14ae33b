import BPICodec
import BPIHash

/// What a DockLock run is asked to do (docs/SPEC.md §13.1): `[version, runtime, agreementID,
/// moduleHash, inputRoot, seed, timeMs, args, env, limits]`. Everything the workload can observe
/// is fixed by it and the input files, so one header and one input set give one receipt.
public struct RunHeader: Sendable, Equatable, Hashable {
    /// Format version (1).
    public var version: UInt64 = 1
    /// The cage.
    public var runtime: RunRuntime
    /// The agreement that governs the run (zero: none; issue 15 adds policies).
    public var agreementID: Hash32
    /// `H(0x45 ‖ module bytes)`.
    public var moduleHash: Hash32
    /// `RunFile.root` of the input files.
    public var inputRoot: Hash32
    /// The 32-byte seed of the run's random stream (`RunSeed`).
    public var seed: Hash32
    /// The logical time, in milliseconds since the Unix epoch, that the run's clock reads.
    public var timeMs: UInt64
    /// The program's arguments (the first is its name), at most 64, each at most 4 KiB.
    public var args: [String]
    /// Its environment as `KEY=VALUE` strings, at most 64, each at most 4 KiB.
    public var env: [String]
    /// What it may consume.
    public var limits: RunLimits

    /// Most arguments or environment entries.
    public static let maxStrings = 64
    /// Longest argument or environment entry, in bytes.
    public static let maxStringBytes = 4096

    /// A run header.
    public init(
        runtime: RunRuntime = .wasm, agreementID: Hash32 = .zero, moduleHash: Hash32, inputRoot: Hash32, seed: Hash32,
        timeMs: UInt64, args: [String], env: [String] = [], limits: RunLimits = .standard
    ) {
        self.runtime = runtime
        self.agreementID = agreementID
        self.moduleHash = moduleHash
        self.inputRoot = inputRoot
        self.seed = seed
        self.timeMs = timeMs
        self.args = args
        self.env = env
        self.limits = limits
    }

    /// The run's id, `H(0x40 ‖ canonical header)`.
    public var id: Hash32 { HashAlgorithm.blake3.hash(canonicalBytes(), tag: .runHeader) }

    /// `H(0x45 ‖ module)`.
    public static func moduleHash(_ module: [UInt8]) -> Hash32 { HashAlgorithm.blake3.hash(module, tag: .runModule) }
}

extension RunHeader: CBORCodable {
    /// `[version, runtime, agreementID, moduleHash, inputRoot, seed, timeMs, [args], [env], limits]`.
    public var cborFields: [CBOR] {
        [
            .unsigned(version), .unsigned(runtime.rawValue), .bytes(agreementID.bytes), .bytes(moduleHash.bytes),
            .bytes(inputRoot.bytes), .bytes(seed.bytes), .unsigned(timeMs), .array(args.map { .text($0) }),
            .array(env.map { .text($0) }), limits.cbor,
        ]
    }

    /// Decodes a run header and bounds its strings and limits.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("RunHeader.version: unsupported version \(version)") }
        let r = try f.nextUInt("runtime")
        guard let runtime = RunRuntime(rawValue: r) else { throw .schema("RunHeader.runtime: unknown runtime \(r)") }
        self.runtime = runtime
        agreementID = Hash32(try f.nextBytes("agreementID", count: 32))!
        moduleHash = Hash32(try f.nextBytes("moduleHash", count: 32))!
        inputRoot = Hash32(try f.nextBytes("inputRoot", count: 32))!
        seed = Hash32(try f.nextBytes("seed", count: 32))!
        timeMs = try f.nextUInt("timeMs")
        args = try Self.strings(&f, "args")
        env = try Self.strings(&f, "env")
        limits = try f.next("limits", as: RunLimits.self)
    }

    private static func strings(_ f: inout CBORFieldReader, _ field: String) throws(CBORError) -> [String] {
        var out: [String] = []
        for item in try f.nextArrayItems(field, maxCount: maxStrings) {
            guard case .text(let s) = item, s.utf8.count <= maxStringBytes, !s.utf8.contains(0) else {
                throw .schema("RunHeader.\(field): each entry is text of at most \(maxStringBytes) bytes without NUL")
            }
            out.append(s)
        }
        return out
    }
}
