import WasmKit
import WasmParser

/// The load-time checks of the WASM cage (docs/SPEC.md §13.2, §14.3), before WasmKit instantiates a
/// module: it must parse with the features the cage allows (no SIMD, threads or memory64), import
/// only functions of its ABI, have no start section, export what its ABI requires with the types
/// it requires, and use no floating-point instruction whose NaN results the WebAssembly
/// specification leaves non-deterministic. Workloads and policies pass the same screen with their
/// own ABI.
enum ModuleScreen {
    /// The features the cage accepts.
    static let features: WasmFeatureSet = [.referenceTypes]

    /// What a module may import and must export.
    struct ABI {
        /// The one import module name.
        let module: String
        /// The functions it may import.
        let functions: Set<String>
        /// The functions it must export, with their types.
        let exports: [String: FunctionType]
        /// Whether it must export its memory as `memory`.
        let exportsMemory: Bool
        /// What the refusal messages call the ABI.
        let name: String
    }

    /// The workload ABI: `wasi_snapshot_preview1`, exporting `_start`.
    static let workload = ABI(
        module: WASIABI.module, functions: Set(WASIABI.functions.keys), exports: ["_start": FunctionType(parameters: [])],
        exportsMemory: false, name: "the DockLock ABI")

    /// Refuses `bytes` unless they pass every check for `abi`; returns the names of the functions
    /// the module exports.
    @discardableResult
    static func check(_ bytes: [UInt8], abi: ABI = workload) throws(DockLockError) -> Set<String> {
        var parser = Parser(bytes: bytes, features: features)
        var types: [FunctionType?] = []
        var functionTypes: [UInt32] = []  // every function's type index, imported ones first
        var exported: [String: UInt32] = [:]
        var exportsMemory = false
        do {
            while let payload = try parser.parseNext() {
                switch payload {
                case .typeSection(let groups):
                    for group in groups {
                        for sub in group.types {
                            if case .function(let f) = sub.body { types.append(f) } else { types.append(nil) }
                        }
                    }
                case .importSection(let imports):
                    for i in imports {
                        guard i.module == abi.module, abi.functions.contains(i.name) else {
                            throw DockLockError.moduleRefused("import \(i.module).\(i.name) is outside \(abi.name)")
                        }
                        guard case .function(let type) = i.descriptor else {
                            throw DockLockError.moduleRefused("import \(i.module).\(i.name) is not a function")
                        }
                        functionTypes.append(type)
                    }
                case .functionSection(let indices):
                    functionTypes += indices
                case .startSection:
                    throw DockLockError.moduleRefused(
                        "a start section runs before the cage's limits apply; export \(abi.exports.keys.sorted().joined(separator: ", ")) instead"
                    )
                case .exportSection(let exports):
                    for e in exports {
                        switch e.descriptor {
                        case .function(let index): exported[e.name] = index
                        case .memory: exportsMemory = exportsMemory || e.name == "memory"
                        default: break
                        }
                    }
                case .codeSection(let codes):
                    for (index, code) in codes.enumerated() {
                        var visitor = FloatScreen()
                        var expression = ExpressionParser(code: code)
                        while let visit = try expression.parse() {
                            visit(visitor: &visitor)
                            if let op = visitor.refused {
                                throw DockLockError.moduleRefused(
                                    "function \(index) uses \(op), whose NaN results are not deterministic (docs/SPEC.md §13.2)")
                            }
                        }
                    }
                default: break
                }
            }
        } catch let error as DockLockError {
            throw error
        } catch {
            throw .moduleRefused("not a valid WebAssembly module for the cage: \(error)")
        }
        for (name, type) in abi.exports.sorted(by: { $0.key < $1.key }) {
            guard let index = exported[name] else { throw .moduleRefused("the module does not export a \(name) function") }
            let found = Int(index) < functionTypes.count ? types[safe: Int(functionTypes[Int(index)])] ?? nil : nil
            guard found == type else {
                throw .moduleRefused("export \(name) must have type \(type.parameters) -> \(type.results)")
            }
        }
        guard exportsMemory || !abi.exportsMemory else {
            throw .moduleRefused("the module does not export its memory as 'memory'")
        }
        return Set(exported.keys)
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

/// Finds the first NaN-producing floating-point instruction of a function body.
struct FloatScreen: AnyInstructionVisitor {
    typealias VisitorError = Never
    var binaryOffset: Int = 0
    /// The first refused instruction's name.
    var refused: String?

    mutating func visit(_ instruction: Instruction) {
        guard refused == nil else { return }
        switch instruction {
        case .unary(let u):
            switch u {
            case .f32Ceil, .f32Floor, .f32Trunc, .f32Nearest, .f32Sqrt, .f64Ceil, .f64Floor, .f64Trunc, .f64Nearest, .f64Sqrt:
                refused = "\(u)"
            default: break
            }
        case .binary(let b):
            switch b {
            case .f32Add, .f32Sub, .f32Mul, .f32Div, .f32Min, .f32Max, .f64Add, .f64Sub, .f64Mul, .f64Div, .f64Min, .f64Max:
                refused = "\(b)"
            default: break
            }
        case .conversion(let c):
            switch c {
            case .f32DemoteF64, .f64PromoteF32: refused = "\(c)"
            default: break
            }
        default: break
        }
    }
}
