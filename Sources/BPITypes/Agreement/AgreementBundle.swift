import BPICodec
import BPIHash

/// An agreement as it is pinned and run (docs/SPEC.md §14.1): `[version, manifest, modules]`, the
/// policy modules in the manifest's order. Content-addressed: its id, `H(0x47 ‖ canonical bundle)`,
/// is what a run header's `agreementID` names, so one id is one set of policy bytes forever.
public struct AgreementBundle: Sendable, Equatable, Hashable {
    /// Format version (1).
    public var version: UInt64 = 1
    /// What the agreement says.
    public var manifest: AgreementManifest
    /// The policy modules: module `i` is the one `manifest.policies[i]` names by hash.
    public var modules: [[UInt8]]

    /// Largest policy module.
    public static let maxModuleBytes = 48 << 10
    /// Largest canonical bundle: one frame's payload, so a bundle is pinned in one frame.
    public static let maxBundleBytes = Frame.maxPayloadBytes

    /// A bundle, checked: each module is the one its manifest entry names, and the whole fits.
    public init(manifest: AgreementManifest, modules: [[UInt8]]) throws(CBORError) {
        self.manifest = manifest
        self.modules = modules
        if let problem { throw .schema("AgreementBundle.\(problem)") }
    }

    /// The agreement's id, `H(0x47 ‖ canonical bundle)`.
    public var id: Hash32 { HashAlgorithm.blake3.hash(canonicalBytes(), tag: .agreementBundle) }

    /// The module of `entry`.
    public func module(of entry: PolicyEntry) -> [UInt8]? {
        manifest.policies.firstIndex(of: entry).map { modules[$0] }
    }

    private var problem: String? {
        if let problem = manifest.problem { return "manifest.\(problem)" }
        guard modules.count == manifest.policies.count else { return "modules: one for each policy of the manifest" }
        for (i, module) in modules.enumerated() {
            guard module.count <= Self.maxModuleBytes else { return "modules[\(i)]: at most \(Self.maxModuleBytes) bytes" }
            guard RunHeader.moduleHash(module) == manifest.policies[i].moduleHash else {
                return "modules[\(i)]: its hash is not the one policy \(i) of the manifest names"
            }
        }
        guard canonicalBytes().count <= Self.maxBundleBytes else { return "at most \(Self.maxBundleBytes) bytes in all" }
        return nil
    }
}

extension AgreementBundle: CBORCodable {
    /// `[version, manifest, [module…]]`.
    public var cborFields: [CBOR] { [.unsigned(version), manifest.cbor, .array(modules.map { .bytes($0) })] }

    /// Decodes a bundle and checks that its modules are the ones its manifest names.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("AgreementBundle.version: unsupported version \(version)") }
        manifest = try f.next("manifest", as: AgreementManifest.self)
        var modules: [[UInt8]] = []
        for item in try f.nextArrayItems("modules", maxCount: AgreementManifest.maxPolicies) {
            guard case .bytes(let b) = item else { throw .schema("AgreementBundle.modules: byte strings") }
            modules.append(b)
        }
        self.modules = modules
        if let problem { throw .schema("AgreementBundle.\(problem)") }
    }
}
