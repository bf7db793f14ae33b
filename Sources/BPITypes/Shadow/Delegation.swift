import BPICodec
import BPICrypto
import BPIHash

/// A principal's signed permission for a gateway to issue receipts on its behalf (docs/SPEC.md
/// §14.6): `[version, issuer, delegate, delegateKey, scope, notBeforeMs, notAfterMs, label,
/// mayRedelegate, signature]`. The principal is a legacy system that cannot sign receipts itself
/// (its registered service key, or an operator key); the issuer signs `0x49 ‖ canonical body`.
public struct Delegation: Sendable, Equatable, Hashable {
    /// Format version (1).
    public var version: UInt64 = 1
    /// Who grants: the principal (first link) or the delegate of the previous link.
    public var issuer: Hash32
    /// Who receives: the gateway's service id.
    public var delegate: Hash32
    /// The gateway's Ed25519 public key, which signs what it issues under this delegation.
    public var delegateKey: [UInt8]
    /// The agreements (ids) it may issue receipts under: 1–16, ascending, distinct.
    public var scope: [Hash32]
    /// First logical time (ms) of a run it may vouch for.
    public var notBeforeMs: UInt64
    /// Last logical time (ms) of a run it may vouch for.
    public var notAfterMs: UInt64
    /// An audit label (1–128 bytes): what the principal calls this arrangement.
    public var label: String
    /// Whether the delegate may delegate further (within this scope and window).
    public var mayRedelegate: Bool
    /// The issuer's signature of `0x49 ‖ canonical body` (empty until signed).
    public var signature: [UInt8]

    /// Most agreements in a scope.
    public static let maxScope = 16
    /// Longest audit label.
    public static let maxLabelBytes = 128

    /// An unsigned delegation; `scope` is sorted and deduplicated.
    public init(
        issuer: Hash32, delegate: Hash32, delegateKey: Ed25519PublicKey, scope: [Hash32], notBeforeMs: UInt64, notAfterMs: UInt64,
        label: String, mayRedelegate: Bool = false
    ) {
        self.issuer = issuer
        self.delegate = delegate
        self.delegateKey = delegateKey.bytes
        self.scope = Array(Set(scope)).sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        self.notBeforeMs = notBeforeMs
        self.notAfterMs = notAfterMs
        self.label = label
        self.mayRedelegate = mayRedelegate
        signature = []
    }

    var bodyFields: [CBOR] {
        [
            .unsigned(version), .bytes(issuer.bytes), .bytes(delegate.bytes), .bytes(delegateKey),
            .array(scope.map { .bytes($0.bytes) }),
            .unsigned(notBeforeMs), .unsigned(notAfterMs), .text(label), .bool(mayRedelegate),
        ]
    }

    /// What the issuer signs: `0x49 ‖ canonical body`.
    public var signedMessage: [UInt8] {
        // Integers, booleans, byte and text strings and arrays of them always encode.
        [DomainTag.delegation.rawValue] + ((try? CBOREncoder.encode(.array(bodyFields))) ?? [])
    }

    /// The delegation signed by the issuer's `key`.
    public func signed(by key: Ed25519PrivateKey) -> Delegation {
        var d = self
        d.signature = key.sign(signedMessage)
        return d
    }

    /// Whether `key` signed it.
    public func isSigned(by key: Ed25519PublicKey) -> Bool {
        signature.count == 64 && key.isValidSignature(signature, for: signedMessage)
    }

    /// Whether a run at logical time `ms` under agreement `agreement` is inside it.
    public func covers(agreement: Hash32, atMs ms: UInt64) -> Bool {
        scope.contains(agreement) && (notBeforeMs...notAfterMs).contains(ms)
    }
}

extension Delegation: CBORCodable {
    /// `[version, issuer, delegate, delegateKey, [agreementID…], notBeforeMs, notAfterMs, label, mayRedelegate, signature]`.
    public var cborFields: [CBOR] { bodyFields + [.bytes(signature)] }

    /// Decodes a delegation and checks its ranges (not its signature: that needs the issuer's key).
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("Delegation.version: unsupported version \(version)") }
        issuer = Hash32(try f.nextBytes("issuer", count: 32))!
        delegate = Hash32(try f.nextBytes("delegate", count: 32))!
        delegateKey = try f.nextBytes("delegateKey", count: 32)
        var scope: [Hash32] = []
        for item in try f.nextArrayItems("scope", maxCount: Self.maxScope) {
            guard case .bytes(let b) = item, let h = Hash32(b) else { throw .schema("Delegation.scope: 32-byte agreement ids") }
            guard scope.last.map({ $0.bytes.lexicographicallyPrecedes(h.bytes) }) ?? true else {
                throw .schema("Delegation.scope: ascending, without repeats")
            }
            scope.append(h)
        }
        guard !scope.isEmpty else { throw .schema("Delegation.scope: at least one agreement") }
        self.scope = scope
        notBeforeMs = try f.nextUInt("notBeforeMs")
        notAfterMs = try f.nextUInt("notAfterMs")
        guard notBeforeMs <= notAfterMs else { throw .schema("Delegation: notBeforeMs after notAfterMs") }
        label = try f.nextText("label")
        guard (1...Self.maxLabelBytes).contains(label.utf8.count) else {
            throw .schema("Delegation.label: 1–\(Self.maxLabelBytes) bytes")
        }
        mayRedelegate = try f.nextBool("mayRedelegate")
        signature = try f.nextBytes("signature", count: 64)
    }
}
