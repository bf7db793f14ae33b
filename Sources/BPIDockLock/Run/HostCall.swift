import WasmKit

/// The entry of every host function of both cages (the workload's WASI and the policies' ABI):
/// charge the call's fuel, find the guest's exported memory once, and hand the body its integer
/// arguments. One entry, so both ABIs charge and read their guests the same way.
enum HostCall {
    /// A host function of `type` for `store` that runs `body(store, integer arguments)`, after
    /// `memory` was offered a way to read the guest's exported memory (it looks it up only if asked).
    static func function(
        store: Store, type: FunctionType, memory: @escaping (_ exported: () -> Memory?) -> Void,
        _ body: @escaping (Store, [UInt64]) throws -> [Value]
    ) -> Function {
        Function(store: store, type: type) { caller, args in
            try HostFuel.charge(caller.store, bytes: 0)
            let instance = caller.instance
            memory {
                if case .memory(let m)? = instance?.export("memory") { return m }
                return nil
            }
            let integers = args.map { v -> UInt64 in
                switch v {
                case .i32(let x): return UInt64(x)
                case .i64(let x): return x
                default: return 0
                }
            }
            return try body(caller.store, integers)
        }
    }
}
