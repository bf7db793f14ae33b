import BPICodec
import BPIHash

/// An agreement as it is pinned and run (docs/SPEC.md §14.1): `[1, manifest, modules]`, the
/// policy modules in the manifest's order — or `[2, manifest, modules, claimKeys]` when it pins
/// verifying keys for zero-knowledge claims (§14.8; Groth16 over BLS12-381, 1…`maxClaimKeys`). Content-addressed: its id, `H(0x47 ‖ canonical bundle)`,
/// is what a run header's `agreementID` names, so one id is one set of policy bytes forever.
public struct AgreementBundle: Sendable, Equatable, Hashable {
    /// Format version (1).
    public var version: UInt64 = 1
    /// What the agreement says.
    public var manifest: AgreementManifest
    /// The policy modules: module `i` is the one `manifest.policies[i]` names by hash.
    public var modules: [[UInt8]]
    /// The verifying keys the agreement's runs may carry claims under (`ZKClaim.keyIndex`), each a
    /// `Groth16VerifyingKey` encoding; empty for most agreements.
    public var claimKeys: [[UInt8]] = []
    /// Most claim keys.
    public static let maxClaimKeys = 4

    /// Largest policy module.
    public static let maxModuleBytes = 48 << 10
    /// Largest canonical bundle: one frame's payload, so a bundle is pinned in one frame.
    public static let maxBundleBytes = Frame.maxPayloadBytes

    /// A bundle, checked: each module is the one its manifest entry names, and the whole fits.
    public init(manifest: AgreementManifest, modules: [[UInt8]], claimKeys: [[UInt8]] = []) throws(CBORError) {
        self.manifest = manifest
        self.modules = modules
        self.claimKeys = claimKeys
        version = claimKeys.isEmpty ? 1 : 2
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
        guard claimKeys.count <= Self.maxClaimKeys, (version == 2) == !claimKeys.isEmpty else {
            return "claimKeys: 1…\(Self.maxClaimKeys) in a version-2 bundle, none in version 1"
        }
        for (i, key) in claimKeys.enumerated() {
            do {
                try Groth16ClaimVerifier().checkKey(key)
            } catch {
                return "claimKeys[\(i)]: \(error)"
            }
        }
        guard canonicalBytes().count <= Self.maxBundleBytes else { return "at most \(Self.maxBundleBytes) bytes in all" }
        return nil
    }
}

extension AgreementBundle: CBORCodable {
    /// `[1, manifest, [module…]]`, or `[2, manifest, [module…], [claimKey…]]`.
    public var cborFields: [CBOR] {
        [.unsigned(version), manifest.cbor, .array(modules.map { .bytes($0) })]
            + (version == 2 ? [.array(claimKeys.map { .bytes($0) })] : [])
    }

    /// Decodes a bundle and checks that its modules are the ones its manifest names.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 || version == 2 else { throw .schema("AgreementBundle.version: unsupported version \(version)") }
        manifest = try f.next("manifest", as: AgreementManifest.self)
        var modules: [[UInt8]] = []
        for item in try f.nextArrayItems("modules", maxCount: AgreementManifest.maxPolicies) {
            guard case .bytes(let b) = item else { throw .schema("AgreementBundle.modules: byte strings") }
            modules.append(b)
        }
        self.modules = modules
        if version == 2 {
            var keys: [[UInt8]] = []
            for item in try f.nextArrayItems("claimKeys", maxCount: Self.maxClaimKeys) {
                guard case .bytes(let b) = item else { throw .schema("AgreementBundle.claimKeys: byte strings") }
                keys.append(b)
            }
            claimKeys = keys
        }
        if let problem { throw .schema("AgreementBundle.\(problem)") }
    }
}
