import BPICodec
import BPIHash
import BPITypes

/// Builds agreement bundles (docs/SPEC.md §14.1), what `agreementc build` calls: each policy
/// module is screened against `bpi_policy_v1`, its hooks are read from its exports, and the result
/// is loaded once as an `Agreement` so a bundle that builds is a bundle that runs.
public enum AgreementBuilder {
    /// The bundle of `policies` (module bytes, in hook order) governing `governs`, pinning
    /// `claimKeys` (Groth16 verifying keys, docs/SPEC.md §14.8) for its runs' claims.
    public static func bundle(
        name: String, agreementVersion: UInt64, governs: [Hash32], limits: PolicyLimits, policies: [[UInt8]],
        claimKeys: [[UInt8]] = []
    ) throws(DockLockError) -> AgreementBundle {
        var entries: [PolicyEntry] = []
        for (i, module) in policies.enumerated() {
            let exported: Set<String>
            do {
                exported = try ModuleScreen.check(module, abi: PolicyABI.screen(hooks: []))
            } catch {
                throw .moduleRefused("policy \(i): \(error.description)")
            }
            let hooks = PolicyHook.allCases.filter { exported.contains($0.description) }
            guard !hooks.isEmpty else { throw .moduleRefused("policy \(i) exports neither a pre nor a post hook") }
            entries.append(PolicyEntry(moduleHash: RunHeader.moduleHash(module), hooks: hooks))
        }
        let manifest = AgreementManifest(
            name: name, agreementVersion: agreementVersion, governs: governs, limits: limits, policies: entries)
        let bundle: AgreementBundle
        do {
            bundle = try AgreementBundle(manifest: manifest, modules: policies, claimKeys: claimKeys)
        } catch {
            throw .badAgreement("\(name): \(error)")
        }
        _ = try Agreement(bundle: bundle)
        return bundle
    }
}
