import BPICodec
import BPIHash

/// What an agreement says (docs/SPEC.md §14.1): `[version, name, agreementVersion, governs, limits,
/// policies]` — which workload modules it governs, what each policy hook may consume, and the
/// policies with the hooks each exports, run in this order.
public struct AgreementManifest: Sendable, Equatable, Hashable {
    /// Format version (1).
    public var version: UInt64 = 1
    /// A human name (1–64 bytes of `a–z`, `0–9`, `.`, `-`, `_`): what `agreementc inspect` shows.
    /// The agreement's identity is its bundle's hash, never this name.
    public var name: String
    /// The author's version number of the agreement.
    public var agreementVersion: UInt64
    /// The workload modules (`H(0x45 ‖ module)`) it governs, ascending, without repeats: a run of
    /// any other module under this agreement is refused before it starts.
    public var governs: [Hash32]
    /// What each hook call may consume.
    public var limits: PolicyLimits
    /// The policies, in the order their hooks run (1…`maxPolicies`, distinct modules).
    public var policies: [PolicyEntry]

    /// Most policies: a receipt holds at most two verdicts (pre, post) for each.
    public static let maxPolicies = 8
    /// Most governed modules.
    public static let maxGoverned = 64
    /// Longest name.
    public static let maxNameBytes = 64
    /// Most fuel all hooks of one run may use together (fuel per hook × hook calls): what a
    /// validator's replay of a governed receipt may add to the workload's.
    public static let maxTotalFuel: UInt64 = 20_000_000

    /// Fuel all hooks of one run may use together.
    public var totalFuel: UInt64 { limits.fuel * UInt64(policies.reduce(0) { $0 + $1.hooks.count }) }

    /// A manifest; `governs` is sorted and deduplicated.
    public init(name: String, agreementVersion: UInt64, governs: [Hash32], limits: PolicyLimits, policies: [PolicyEntry]) {
        self.name = name
        self.agreementVersion = agreementVersion
        self.governs = Array(Set(governs)).sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        self.limits = limits
        self.policies = policies
    }

    /// Whether `name` is a usable agreement name.
    public static func isValidName(_ name: String) -> Bool {
        (1...maxNameBytes).contains(name.utf8.count)
            && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || "._-".utf8.contains($0) }
    }

    /// Why the manifest is not valid, or nil when it is: the checks decoding applies.
    public var problem: String? {
        guard Self.isValidName(name) else {
            return "name: 1–\(Self.maxNameBytes) bytes of a–z, 0–9, '.', '-', '_'"
        }
        guard (1...Self.maxGoverned).contains(governs.count) else {
            return "governs: 1–\(Self.maxGoverned) workload module hashes"
        }
        for (a, b) in zip(governs, governs.dropFirst()) where !a.bytes.lexicographicallyPrecedes(b.bytes) {
            return "governs: ascending, without repeats"
        }
        guard limits.isValid else {
            return "limits: fuel 1…\(PolicyLimits.maximum.fuel), memoryPages 1…\(PolicyLimits.maximum.memoryPages)"
        }
        guard (1...Self.maxPolicies).contains(policies.count) else { return "policies: 1–\(Self.maxPolicies)" }
        guard Set(policies.map(\.moduleHash)).count == policies.count else { return "policies: each module once" }
        guard totalFuel <= Self.maxTotalFuel else {
            return "limits: fuel × hook calls is \(totalFuel), more than the \(Self.maxTotalFuel) one run's hooks may use"
        }
        return nil
    }
}

extension AgreementManifest: CBORCodable {
    /// `[version, name, agreementVersion, [moduleHash…], limits, [policy…]]`.
    public var cborFields: [CBOR] {
        [
            .unsigned(version), .text(name), .unsigned(agreementVersion), .array(governs.map { .bytes($0.bytes) }), limits.cbor,
            .array(policies.map(\.cbor)),
        ]
    }

    /// Decodes a manifest and checks it (`problem`).
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("AgreementManifest.version: unsupported version \(version)") }
        name = try f.nextText("name")
        agreementVersion = try f.nextUInt("agreementVersion")
        var governs: [Hash32] = []
        for item in try f.nextArrayItems("governs", maxCount: Self.maxGoverned) {
            guard case .bytes(let b) = item, let h = Hash32(b) else { throw .schema("AgreementManifest.governs: 32-byte hashes") }
            governs.append(h)
        }
        self.governs = governs
        limits = try f.next("limits", as: PolicyLimits.self)
        let items = try f.nextArrayItems("policies", maxCount: Self.maxPolicies)
        var policies: [PolicyEntry] = []
        for item in items { policies.append(try PolicyEntry(cbor: item)) }
        self.policies = policies
        if let problem { throw .schema("AgreementManifest.\(problem)") }
    }
}
