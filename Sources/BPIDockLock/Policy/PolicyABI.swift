import BPITypes
import WasmKit

/// The host ABI of policy modules, `bpi_policy_v1` (docs/SPEC.md §14.3): read-only functions only —
/// the hook's context, the run's files and 32-byte values, the logical time, a hash and an Ed25519
/// check — and `reason` to explain a verdict. There is no write, clock, random or network import to
/// ask for: a module importing anything else is refused at load.
enum PolicyABI {
    /// The import module name; its version is the ABI's.
    static let module = "bpi_policy_v1"

    private static let i32 = ValueType.i32
    private static let i64 = ValueType.i64

    /// Every function with its type.
    static let functions: [String: FunctionType] = [
        "context_size": FunctionType(parameters: [], results: [i32]),
        "context_read": FunctionType(parameters: [i32, i32, i32], results: [i32]),
        "file_count": FunctionType(parameters: [i32], results: [i32]),
        "file_find": FunctionType(parameters: [i32, i32, i32], results: [i32]),
        "file_size": FunctionType(parameters: [i32, i32], results: [i64]),
        "file_read": FunctionType(parameters: [i32, i32, i64, i32, i32], results: [i32]),
        "run_value": FunctionType(parameters: [i32, i32], results: [i32]),
        "time_ms": FunctionType(parameters: [], results: [i64]),
        "hash": FunctionType(parameters: [i32, i32, i32], results: [i32]),
        "ed25519_verify": FunctionType(parameters: [i32, i32, i32, i32], results: [i32]),
        "reason": FunctionType(parameters: [i32, i32], results: [i32]),
    ]

    /// The screen a policy module passes before it is run: these imports only, its memory exported,
    /// and each hook `hooks` names exported as `() -> i32`.
    static func screen(hooks: [PolicyHook]) -> ModuleScreen.ABI {
        ModuleScreen.ABI(
            module: module, functions: Set(functions.keys),
            exports: Dictionary(
                uniqueKeysWithValues: hooks.map { ($0.description, FunctionType(parameters: [], results: [i32])) }),
            exportsMemory: true, name: "the policy ABI \(module)")
    }
}
