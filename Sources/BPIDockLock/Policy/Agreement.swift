import BPIHash
import BPITypes
import WasmKit

/// An agreement ready to judge runs (docs/SPEC.md §14): its bundle, with every policy module
/// screened against `bpi_policy_v1` and its manifest's hooks at load — a module importing anything
/// outside the ABI, or missing a hook it declares, is refused here and never runs.
public struct Agreement: @unchecked Sendable {  // WasmKit `Module` values are immutable once parsed
    /// The bundle.
    public let bundle: AgreementBundle
    /// Its id, `H(0x47 ‖ canonical bundle)`: what run headers name.
    public let id: Hash32
    private let modules: [Module]

    /// Loads `bundle`, screening and parsing each policy module.
    public init(bundle: AgreementBundle) throws(DockLockError) {
        var modules: [Module] = []
        for (i, entry) in bundle.manifest.policies.enumerated() {
            let bytes = bundle.modules[i]
            do {
                try ModuleScreen.check(bytes, abi: PolicyABI.screen(hooks: entry.hooks))
                modules.append(try parseWasm(bytes: bytes, features: ModuleScreen.features))
            } catch let error as DockLockError {
                throw .moduleRefused("policy \(i) (\(entry.moduleHash.hex.prefix(16))…): \(error.description)")
            } catch {
                throw .moduleRefused("policy \(i) (\(entry.moduleHash.hex.prefix(16))…): \(error)")
            }
        }
        self.bundle = bundle
        id = bundle.id
        self.modules = modules
    }

    /// Runs the `context.hook` hook of every policy that exports it, in manifest order; each call
    /// starts from a fresh instance, so verdicts depend on the context alone.
    public func evaluate(_ context: PolicyContext) -> [PolicyEvaluation] {
        zip(bundle.manifest.policies, modules).compactMap { entry, module in
            guard entry.hooks.contains(context.hook) else { return nil }
            return call(module, policy: entry.moduleHash, context: context)
        }
    }

    private func call(_ module: Module, policy: Hash32, context: PolicyContext) -> PolicyEvaluation {
        let limits = bundle.manifest.limits
        let metered = MeteredStore(fuel: limits.fuel, memoryPages: limits.memoryPages) { _ in }
        let store = metered.store
        let host = PolicyHost(context: context)
        var imports = Imports()
        host.link(into: &imports, store: store)
        var verdict = PolicyVerdict.pass
        var reason: String?
        do {
            let instance = try module.instantiate(store: store, imports: imports)
            // The screen made sure the hook is exported as () -> i32.
            let code = try instance.exports[function: context.hook.description]?().first
            if code != .i32(0) { verdict = .refuse }
        } catch let stop as CageStop {
            switch stop {
            case .outOfFuel: verdict = .outOfFuel
            case .memoryLimit: verdict = .memoryLimit
            case .fault(let why): (verdict, reason) = (.fault, why)
            case .exit, .outputLimit, .diverged: verdict = .trap
            }
        } catch {
            verdict = MeteredStore.isOutOfFuel(error) ? .outOfFuel : .trap
        }
        // The policy's own reason when it returned; the cage's when it stopped the hook.
        let bytes = verdict == .pass || verdict == .refuse ? host.reason : Array((reason ?? verdict.description).utf8)
        return PolicyEvaluation(
            result: PolicyResult(
                policyHash: policy, hook: context.hook, verdict: verdict, reasonHash: PolicyResult.reasonHash(bytes),
                fuelUsed: metered.used(outOfFuel: verdict == .outOfFuel)),
            reason: String(decoding: bytes, as: UTF8.self))
    }
}
