import WasmParser

/// The load-time checks of the WASM cage (docs/SPEC.md §13.2), before WasmKit instantiates a module:
/// it must parse with the features the cage allows (no SIMD, threads or memory64), import only
/// functions of the ABI, export `_start`, have no start section, and use no floating-point
/// instruction whose NaN results the WebAssembly specification leaves non-deterministic.
enum ModuleScreen {
    /// The features the cage accepts.
    static let features: WasmFeatureSet = [.referenceTypes]

    /// Refuses `bytes` unless they pass every check.
    static func check(_ bytes: [UInt8]) throws(DockLockError) {
        var parser = Parser(bytes: bytes, features: features)
        var exportsStart = false
        do {
            while let payload = try parser.parseNext() {
                switch payload {
                case .importSection(let imports):
                    for i in imports {
                        guard i.module == WASIABI.module, WASIABI.functions[i.name] != nil else {
                            throw DockLockError.moduleRefused("import \(i.module).\(i.name) is outside the DockLock ABI")
                        }
                        guard case .function = i.descriptor else {
                            throw DockLockError.moduleRefused("import \(i.module).\(i.name) is not a function")
                        }
                    }
                case .startSection:
                    throw DockLockError.moduleRefused(
                        "a start section runs before the cage's limits apply; export _start instead")
                case .exportSection(let exports):
                    exportsStart = exports.contains { e in
                        if case .function = e.descriptor { return e.name == "_start" }
                        return false
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
        guard exportsStart else { throw .moduleRefused("the module does not export a _start function") }
    }
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
