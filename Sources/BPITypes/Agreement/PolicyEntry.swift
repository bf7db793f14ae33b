import BPICodec
import BPIHash

/// One policy of an agreement's manifest (docs/SPEC.md §14.1): the module, by hash, and the hooks
/// it exports, in hook order without repeats.
public struct PolicyEntry: Sendable, Equatable, Hashable {
    /// `H(0x45 ‖ module bytes)`, the same hash as a workload module's.
    public var moduleHash: Hash32
    /// The hooks the module exports (at least one).
    public var hooks: [PolicyHook]

    /// An entry.
    public init(moduleHash: Hash32, hooks: [PolicyHook]) {
        self.moduleHash = moduleHash
        self.hooks = hooks
    }
}

extension PolicyEntry: CBORCodable {
    /// `[moduleHash, [hook…]]`.
    public var cborFields: [CBOR] { [.bytes(moduleHash.bytes), .array(hooks.map { .unsigned($0.rawValue) })] }

    /// Decodes an entry: one to two known hooks, in order, without repeats.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        moduleHash = Hash32(try f.nextBytes("moduleHash", count: 32))!
        var hooks: [PolicyHook] = []
        for item in try f.nextArrayItems("hooks", maxCount: PolicyHook.allCases.count) {
            guard case .unsigned(let raw) = item, let hook = PolicyHook(rawValue: raw) else {
                throw .schema("PolicyEntry.hooks: 0 (pre) or 1 (post)")
            }
            guard hooks.last.map({ $0.rawValue < hook.rawValue }) ?? true else {
                throw .schema("PolicyEntry.hooks: in order, without repeats")
            }
            hooks.append(hook)
        }
        guard !hooks.isEmpty else { throw .schema("PolicyEntry.hooks: a policy exports at least one hook") }
        self.hooks = hooks
    }
}
