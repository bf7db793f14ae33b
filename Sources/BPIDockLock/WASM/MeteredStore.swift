import WasmKit
@_spi(Fuzzing) import WasmKit

/// The WasmKit store every guest of the cage runs in — workloads and policy hooks alike: eager
/// compilation, the cage's features, fuel metering with a budget, and the memory cap. One place
/// decides how a guest is metered and how its fuel use and fuel trap are read back.
struct MeteredStore {
    let store: Store
    /// The budget it started with.
    let fuel: UInt64

    /// A store with `fuel` to spend and at most `memoryPages`; `onDenied` gets the pages a refused
    /// growth asked for.
    init(fuel: UInt64, memoryPages: UInt64, onDenied: @escaping (Int) -> Void) {
        store = Store(
            engine: Engine(
                configuration: EngineConfiguration(compilationMode: .eager, features: ModuleScreen.features, fuelMetering: true)))
        store.resourceLimiter = MemoryCap(pages: memoryPages, onDenied: onDenied)
        store.fuel = Fuel(remaining: fuel)
        self.fuel = fuel
    }

    /// Fuel used; a failed charge leaves the remaining fuel untouched, so a guest stopped for fuel used it all.
    func used(outOfFuel: Bool) -> UInt64 { outOfFuel ? fuel : fuel - min(fuel, store.fuel?.remaining ?? 0) }

    /// Whether a trap WasmKit threw is its fuel trap (it exposes a trap's reason only through its description).
    static func isOutOfFuel(_ error: any Error) -> Bool { "\(error)".contains("out of fuel") }
}
