import BPICrypto
import BPIHash
import BPITypes
import WasmKit

/// The host side of `bpi_policy_v1` for one hook call (docs/SPEC.md §14.3). Every function is
/// read-only but `reason`, is charged fuel like the workload's WASI, and checks every pointer and
/// index it is handed: a bad one stops the hook with the `fault` verdict, never touches host memory.
final class PolicyHost {
    private let context: PolicyContext
    private let contextBytes: [UInt8]
    private var memory: GuestMemory?
    /// The reason the hook gave, if any.
    private(set) var reason: [UInt8] = []

    init(context: PolicyContext) {
        self.context = context
        contextBytes = context.bytes
    }

    /// Defines every ABI function in `imports`.
    func link(into imports: inout Imports, store: Store) {
        for (name, type) in PolicyABI.functions.sorted(by: { $0.key < $1.key }) {
            imports.define(
                module: PolicyABI.module, name: name,
                HostCall.function(
                    store: store, type: type,
                    memory: { [unowned self] exported in
                        if self.memory == nil, let m = exported() { self.memory = GuestMemory(memory: m) }
                    }
                ) { [unowned self] callerStore, a in
                    return [try self.call(name, a, store: callerStore)]
                })
        }
    }

    private func fault(_ why: String) -> CageStop { .fault(why) }

    private func u32(_ x: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: x) }

    private func i32(_ x: Int) -> Value { .i32(UInt32(bitPattern: Int32(truncatingIfNeeded: x))) }

    private func mem() throws -> GuestMemory {
        guard let m = memory else { throw fault("the policy exports no memory") }
        return m
    }

    /// Reads `[ptr, ptr + len)` of the guest, charging for the bytes.
    private func read(_ ptr: UInt64, _ len: UInt64, _ what: String, store: Store) throws -> [UInt8] {
        guard len <= UInt64(Int32.max), let bytes = try mem().read(u32(ptr), Int(len)) else {
            throw fault("\(what): bytes outside the policy's memory")
        }
        try HostFuel.charge(store, bytes: bytes.count)
        return bytes
    }

    /// Writes `bytes` at `ptr`, charging for them.
    private func write(_ ptr: UInt64, _ bytes: [UInt8], _ what: String, store: Store) throws {
        guard try mem().contains(u32(ptr), bytes.count) else { throw fault("\(what): bytes outside the policy's memory") }
        try HostFuel.charge(store, bytes: bytes.count)
        try mem().write(u32(ptr), bytes)
    }

    private func file(_ kind: UInt64, _ index: UInt64, _ what: String) throws -> RunInput {
        guard let files = context.files(u32(kind)) else { throw fault("\(what): file kind \(kind) is neither 0 nor 1") }
        guard index < UInt64(files.count) else { throw fault("\(what): no file \(index) of kind \(kind)") }
        return files[Int(index)]
    }

    // swiftlint:disable:next cyclomatic_complexity
    private func call(_ name: String, _ a: [UInt64], store: Store) throws -> Value {
        switch name {
        case "context_size":
            return i32(contextBytes.count)
        case "context_read":
            let offset = Int(u32(a[0]))
            let len = Int(u32(a[2]))
            guard offset <= contextBytes.count else { throw fault("context_read: offset beyond the context") }
            let part = Array(contextBytes[offset..<min(contextBytes.count, offset + len)])
            try write(a[1], part, name, store: store)
            return i32(part.count)
        case "file_count":
            guard let files = context.files(u32(a[0])) else { throw fault("file_count: file kind \(a[0]) is neither 0 nor 1") }
            return i32(files.count)
        case "file_find":
            guard let files = context.files(u32(a[0])) else { throw fault("file_find: file kind \(a[0]) is neither 0 nor 1") }
            let wanted = try read(a[1], UInt64(u32(a[2])), name, store: store)
            return i32(files.firstIndex { Array($0.name.utf8) == wanted } ?? -1)
        case "file_size":
            return .i64(UInt64(try file(a[0], UInt64(u32(a[1])), name).content.count))
        case "file_read":
            let f = try file(a[0], UInt64(u32(a[1])), name)
            let offset = a[2]
            let len = Int(u32(a[4]))
            guard offset <= UInt64(f.content.count) else { throw fault("file_read: offset beyond the file") }
            let start = Int(offset)
            let part = Array(f.content[start..<min(f.content.count, start + len)])
            try write(a[3], part, name, store: store)
            return i32(part.count)
        case "run_value":
            guard u32(a[0]) <= 5 else { throw fault("run_value: no value \(a[0])") }
            guard let value = context.value(u32(a[0])) else { return i32(-1) }
            try write(a[1], value.bytes, name, store: store)
            return i32(0)
        case "time_ms":
            return .i64(context.header.timeMs)
        case "hash":
            let bytes = try read(a[0], UInt64(u32(a[1])), name, store: store)
            try write(a[2], HashAlgorithm.blake3.hash(bytes).bytes, name, store: store)
            return i32(0)
        case "ed25519_verify":
            let key = try read(a[0], 32, name, store: store)
            let message = try read(a[1], UInt64(u32(a[2])), name, store: store)
            let signature = try read(a[3], 64, name, store: store)
            guard let k = try? Ed25519PublicKey(bytes: key) else { return i32(0) }
            return i32(k.isValidSignature(signature, for: message) ? 1 : 0)
        case "reason":
            guard u32(a[1]) <= PolicyResult.maxReasonBytes else {
                throw fault("reason: at most \(PolicyResult.maxReasonBytes) bytes")
            }
            reason = try read(a[0], UInt64(u32(a[1])), name, store: store)
            return i32(0)
        default:
            throw fault("\(name) is not a function of \(PolicyABI.module)")
        }
    }
}
