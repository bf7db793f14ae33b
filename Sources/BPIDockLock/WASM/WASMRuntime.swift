import BPITypes
import WasmKit

/// The WASM cage (docs/SPEC.md §13.2): WasmKit's interpreter with fuel metering, a memory cap and
/// the deterministic WASI, behind the load-time screen. A module refused at load throws
/// `moduleRefused`; everything after instantiation — exits, traps, limits — is an outcome.
public struct WASMRuntime: Runtime {
    /// `wasmkit-0.4.2/docklock-1`: WasmKit's version defines fuel; the cage's version its ABI.
    public let engine = "wasmkit-0.4.2/docklock-1"

    /// The cage.
    public init() {}

    public func run(_ job: RunJob, supply: any HostSupply) throws(DockLockError) -> RunResult {
        guard job.header.runtime == .wasm else { throw .badRun("the run header names the \(job.header.runtime) runtime") }
        try ModuleScreen.check(job.module)
        let module: Module
        do {
            module = try parseWasm(bytes: job.module, features: ModuleScreen.features)
        } catch {
            throw .moduleRefused("\(error)")
        }
        let wasi = DeterministicWASI(header: job.header, supply: supply)
        let metered = MeteredStore(fuel: job.header.limits.fuel, memoryPages: job.header.limits.memoryPages) { pages in
            wasi.record(.memoryDenied, value: UInt64(pages))
        }
        let store = metered.store
        var imports = Imports()
        wasi.link(into: &imports, store: store)

        var outcome = RunOutcome.exited
        var exitCode: UInt32 = 0
        do {
            let instance: Instance
            do {
                instance = try module.instantiate(store: store, imports: imports)
            } catch let stop as CageStop {
                throw stop
            } catch {
                throw DockLockError.moduleRefused("instantiation: \(error)")
            }
            guard let start = instance.exports[function: "_start"] else {
                throw DockLockError.moduleRefused("the module does not export a _start function")
            }
            _ = try start()
        } catch let error as DockLockError {
            throw error
        } catch let stop as CageStop {
            switch stop {
            case .exit(let code): exitCode = code
            case .outOfFuel: outcome = .outOfFuel
            case .memoryLimit: outcome = .memoryLimit
            case .outputLimit: outcome = .outputLimit
            case .diverged(let error): throw error
            case .fault: outcome = .trap  // only policies' host functions fault
            }
        } catch {
            outcome = MeteredStore.isOutOfFuel(error) ? .outOfFuel : .trap
        }
        let used = metered.used(outOfFuel: outcome == .outOfFuel)
        return RunResult(
            job: job, engine: engine, recorder: wasi.recorder, supply: supply, outputs: wasi.outputs, outcome: outcome,
            exitCode: UInt64(exitCode), fuelUsed: used)
    }
}
