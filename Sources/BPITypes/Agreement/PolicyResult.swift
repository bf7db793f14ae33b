import BPICodec
import BPIHash

/// One policy hook's verdict, as a receipt records it (docs/SPEC.md §14.2): `[policyHash, hook,
/// verdict, reasonHash, fuelUsed]`. The light client reads from these which policies approved a run.
public struct PolicyResult: Sendable, Equatable, Hashable {
    /// The policy module's hash.
    public var policyHash: Hash32
    /// Which hook.
    public var hook: PolicyHook
    /// What it decided.
    public var verdict: PolicyVerdict
    /// `H(0x48 ‖ reason)`: the reason the policy gave (empty when it gave none), or the cage's
    /// description of why it stopped the hook.
    public var reasonHash: Hash32
    /// Fuel the hook used.
    public var fuelUsed: UInt64

    /// A result.
    public init(policyHash: Hash32, hook: PolicyHook, verdict: PolicyVerdict, reasonHash: Hash32, fuelUsed: UInt64) {
        self.policyHash = policyHash
        self.hook = hook
        self.verdict = verdict
        self.reasonHash = reasonHash
        self.fuelUsed = fuelUsed
    }

    /// `H(0x48 ‖ reason)`.
    public static func reasonHash(_ reason: [UInt8]) -> Hash32 { HashAlgorithm.blake3.hash(reason, tag: .policyReason) }

    /// Longest reason a policy may give, in bytes.
    public static let maxReasonBytes = 256
}

extension PolicyResult: CBORCodable {
    /// `[policyHash, hook, verdict, reasonHash, fuelUsed]`.
    public var cborFields: [CBOR] {
        [
            .bytes(policyHash.bytes), .unsigned(hook.rawValue), .unsigned(verdict.rawValue), .bytes(reasonHash.bytes),
            .unsigned(fuelUsed),
        ]
    }

    /// Decodes a result, refusing unknown hooks and verdicts.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        policyHash = Hash32(try f.nextBytes("policyHash", count: 32))!
        let h = try f.nextUInt("hook")
        guard let hook = PolicyHook(rawValue: h) else { throw .schema("PolicyResult.hook: unknown hook \(h)") }
        self.hook = hook
        let v = try f.nextUInt("verdict")
        guard let verdict = PolicyVerdict(rawValue: v) else { throw .schema("PolicyResult.verdict: unknown verdict \(v)") }
        self.verdict = verdict
        reasonHash = Hash32(try f.nextBytes("reasonHash", count: 32))!
        fuelUsed = try f.nextUInt("fuelUsed")
    }
}
