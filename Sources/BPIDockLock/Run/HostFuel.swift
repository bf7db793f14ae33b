import WasmKit

/// The fuel a host call costs (docs/SPEC.md §13.2): `callFuel` to enter, then one unit per byte it
/// moves. One price list for the workload's WASI and the policies' read-only ABI.
enum HostFuel {
    /// Fuel charged for entering any host call.
    static let callFuel: UInt64 = 100

    /// Charges a call's entry (`bytes == 0`) or the bytes it moves; an empty budget stops the guest.
    static func charge(_ store: Store, bytes: Int) throws {
        guard let fuel = store.fuel else { return }
        let cost = bytes == 0 ? callFuel : UInt64(bytes)
        guard fuel.remaining >= cost else {
            store.fuel = Fuel(remaining: 0)
            throw CageStop.outOfFuel
        }
        store.fuel = Fuel(remaining: fuel.remaining - cost)
    }
}
