import BPICodec
import BPICrypto
import BPIHash

/// A receipt a gateway issues for a legacy system that cannot sign (docs/SPEC.md §14.6): `[version,
/// delegations, receipt]`. The receipt is signed by the gateway as its executor; the delegations
/// run from the principal to that gateway. `verify` checks the whole chain of custody:
/// principal → delegation → (re-delegations) → gateway → receipt.
public struct ShadowReceipt: Sendable, Equatable, Hashable {
    /// Format version (1).
    public var version: UInt64 = 1
    /// The chain of delegations, the principal's first (1–4 links).
    public var delegations: [Delegation]
    /// The receipt, signed by the last delegate (the gateway) as executor.
    public var receipt: Receipt

    /// Most links in a chain of delegations.
    public static let maxLinks = 4

    /// A shadow receipt.
    public init(delegations: [Delegation], receipt: Receipt) {
        self.delegations = delegations
        self.receipt = receipt
    }

    /// The principal the chain starts from.
    public var principal: Hash32? { delegations.first?.issuer }

    /// The audit label of the principal's delegation.
    public var label: String? { delegations.first?.label }

    /// Why the chain of custody does not hold, or nil when it does: the first delegation is the
    /// principal's (`principalKey` signed it); each further one is issued by the previous delegate,
    /// which was allowed to re-delegate, with its key, within its scope and window; the receipt is
    /// the last delegate's (executor and signature) and its run's agreement and logical time are
    /// inside every link.
    public func refusal(principal: Hash32, principalKey: Ed25519PublicKey) -> String? {
        guard (1...Self.maxLinks).contains(delegations.count) else {
            return "a shadow receipt carries 1–\(Self.maxLinks) delegations"
        }
        var issuer = principal
        var issuerKey = principalKey
        var parent: Delegation?
        for (i, d) in delegations.enumerated() {
            guard d.issuer == issuer else { return "delegation \(i) is issued by \(d.issuer.hex), not \(issuer.hex)" }
            guard d.isSigned(by: issuerKey) else { return "delegation \(i)'s signature does not verify under its issuer's key" }
            if let p = parent {
                guard p.mayRedelegate else { return "delegation \(i) re-delegates, but delegation \(i - 1) does not permit it" }
                guard Set(d.scope).isSubset(of: Set(p.scope)) else {
                    return "delegation \(i) widens the scope of delegation \(i - 1)"
                }
                guard d.notBeforeMs >= p.notBeforeMs, d.notAfterMs <= p.notAfterMs else {
                    return "delegation \(i) widens the time window of delegation \(i - 1)"
                }
            }
            guard let key = try? Ed25519PublicKey(bytes: d.delegateKey) else {
                return "delegation \(i) names an invalid delegate key"
            }
            issuer = d.delegate
            issuerKey = key
            parent = d
        }
        guard receipt.executor == issuer else { return "the receipt's executor is not the last delegate (the gateway)" }
        guard receipt.isSigned(by: issuerKey) else {
            return "the receipt's signature does not verify under the gateway's delegated key"
        }
        let agreement = receipt.runHeader.agreementID
        let time = receipt.runHeader.timeMs
        for (i, d) in delegations.enumerated() {
            guard d.scope.contains(agreement) else {
                return "the receipt's agreement \(agreement.hex) is outside delegation \(i)'s scope"
            }
            guard (d.notBeforeMs...d.notAfterMs).contains(time) else {
                return
                    "the run's time \(time) ms is outside delegation \(i)'s window \(d.notBeforeMs)…\(d.notAfterMs) (expired or not yet valid)"
            }
        }
        return nil
    }
}

extension ShadowReceipt: CBORCodable {
    /// `[version, [delegation…], receipt]`.
    public var cborFields: [CBOR] { [.unsigned(version), .array(delegations.map(\.cbor)), receipt.cbor] }

    /// Decodes a shadow receipt (its chain is checked by `refusal`).
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("ShadowReceipt.version: unsupported version \(version)") }
        var links: [Delegation] = []
        for item in try f.nextArrayItems("delegations", maxCount: Self.maxLinks) { links.append(try Delegation(cbor: item)) }
        guard !links.isEmpty else { throw .schema("ShadowReceipt.delegations: at least the principal's") }
        delegations = links
        receipt = try f.next("receipt", as: Receipt.self)
    }
}
