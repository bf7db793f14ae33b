import BPICodec
import BPICrypto
import BPIFrames
import BPIHash
import BPIToolKit
import BPITypes
import Foundation

/// `bpi shadow` (docs/CLI.md): delegations from a principal to a gateway, shadow receipts a gateway
/// issues under them, and their verification through the whole chain of custody (SPEC §14.6).
public enum ShadowTool {
    /// What to delegate.
    public struct DelegationRequest: Sendable {
        public var gateway: String
        public var gatewayKeyHex: String
        public var agreements: [String]
        public var notBeforeMs: UInt64
        public var notAfterMs: UInt64
        public var label: String
        public var mayRedelegate: Bool
        /// The delegation this one extends (a re-delegation by its delegate), or nil for a principal's.
        public var parent: String?

        public init(
            gateway: String, gatewayKeyHex: String, agreements: [String], notBeforeMs: UInt64, notAfterMs: UInt64, label: String,
            mayRedelegate: Bool, parent: String?
        ) {
            self.gateway = gateway
            self.gatewayKeyHex = gatewayKeyHex
            self.agreements = agreements
            self.notBeforeMs = notBeforeMs
            self.notAfterMs = notAfterMs
            self.label = label
            self.mayRedelegate = mayRedelegate
            self.parent = parent
        }
    }

    /// Signs a delegation as the local service `issuer` and writes the chain (the parent's links, then
    /// this one) to `out`, canonical CBOR: `[delegation…]`.
    public static func delegate(
        _ request: DelegationRequest, home: URL, issuer: String, passphrase: [UInt8], out: String
    ) throws(ToolError) -> Delegation {
        guard let gateway = Hash32(hex: request.gateway) else { throw .badInput("--gateway takes a service id (64 hex digits)") }
        let gatewayKey: Ed25519PublicKey
        do {
            gatewayKey = try Ed25519PublicKey(bytes: try Hex.decode(request.gatewayKeyHex))
        } catch {
            throw .badInput("--gateway-key takes the gateway's Ed25519 public key (64 hex digits)")
        }
        var scope: [Hash32] = []
        for a in request.agreements {
            guard let h = Hash32(hex: a) else { throw .badInput("--agreement takes an agreement id (64 hex digits), got '\(a)'") }
            scope.append(h)
        }
        guard (1...Delegation.maxScope).contains(Set(scope).count) else {
            throw .badInput("give 1–\(Delegation.maxScope) --agreement ids")
        }
        guard request.notBeforeMs <= request.notAfterMs else { throw .badInput("--not-before-ms is after --not-after-ms") }
        guard (1...Delegation.maxLabelBytes).contains(request.label.utf8.count) else {
            throw .badInput("--label takes 1–\(Delegation.maxLabelBytes) bytes")
        }
        let chain = try request.parent.map(readChain) ?? []
        let (identity, _) = try ServiceTool.unlock(home: home, name: issuer, passphrase: passphrase)
        if let last = chain.last, last.delegate != identity.id {
            throw .badInput("the parent delegation is to \(last.delegate.hex), not to the service \(issuer) (\(identity.id.hex))")
        }
        let d = Delegation(
            issuer: identity.id, delegate: gateway, delegateKey: gatewayKey, scope: scope, notBeforeMs: request.notBeforeMs,
            notAfterMs: request.notAfterMs, label: request.label, mayRedelegate: request.mayRedelegate
        ).signed(by: identity.signing)
        try write(CBOR.array((chain + [d]).map(\.cbor)), to: out)
        return d
    }

    /// Signs `receipt` as the local gateway service and writes the shadow receipt (with the chain
    /// of delegations at `chainPath`) to `out`.
    public static func issue(
        receiptPath: String, chainPath: String, home: URL, gateway: String, passphrase: [UInt8], out: String
    ) throws(ToolError) -> ShadowReceipt {
        let receipt = try ReceiptTool.load(receiptPath)
        let chain = try readChain(chainPath)
        let (identity, _) = try ServiceTool.unlock(home: home, name: gateway, passphrase: passphrase)
        guard chain.last?.delegate == identity.id else {
            throw .badInput("the last delegation is not to the service \(gateway) (\(identity.id.hex))")
        }
        let shadow = ShadowReceipt(delegations: chain, receipt: receipt.signed(executor: identity.id, key: identity.signing))
        try write(shadow.cbor, to: out)
        return shadow
    }

    /// What `verify` found.
    public struct Verdict: Sendable, Codable {
        public var receipt: String
        public var principal: String
        public var gateway: String
        public var label: String
        public var links: Int
        /// Why the chain does not hold, or nil.
        public var failure: String?
        public var text: String {
            failure.map { "FAILED: \($0)" }
                ?? "OK shadow receipt \(receipt) by gateway \(gateway) for principal \(principal) ('\(label)', \(links) link\(links == 1 ? "" : "s"))"
        }
    }

    /// Checks the shadow receipt at `path` against the principal's id and public key.
    public static func verify(path: String, principal: String, principalKeyHex: String) throws(ToolError) -> Verdict {
        let shadow: ShadowReceipt
        do {
            shadow = try ShadowReceipt(canonicalBytes: try InputReader.readAll(path: path))
        } catch let error as ToolError {
            throw error
        } catch {
            throw .badInput("\(path) is not a shadow receipt: \(error)")
        }
        guard let id = Hash32(hex: principal) else { throw .badInput("--principal takes a service id (64 hex digits)") }
        let key: Ed25519PublicKey
        do {
            key = try Ed25519PublicKey(bytes: try Hex.decode(principalKeyHex))
        } catch {
            throw .badInput("--principal-key takes an Ed25519 public key (64 hex digits)")
        }
        return Verdict(
            receipt: shadow.receipt.id.hex, principal: id.hex, gateway: shadow.receipt.executor.hex, label: shadow.label ?? "",
            links: shadow.delegations.count, failure: shadow.refusal(principal: id, principalKey: key))
    }

    static func readChain(_ path: String) throws(ToolError) -> [Delegation] {
        do {
            guard case .array(let items) = try CBORDecoder().decode(try InputReader.readAll(path: path)),
                (1...ShadowReceipt.maxLinks).contains(items.count)
            else {
                throw ToolError.badInput("\(path): a chain of 1–\(ShadowReceipt.maxLinks) delegations")
            }
            var chain: [Delegation] = []
            for item in items { chain.append(try Delegation(cbor: item)) }
            return chain
        } catch let error as ToolError {
            throw error
        } catch {
            throw .badInput("\(path) is not a chain of delegations: \(error)")
        }
    }

    static func write(_ item: CBOR, to path: String) throws(ToolError) {
        do {
            try Data(try CBOREncoder.encode(item)).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .io("writing \(path): \(error)")
        }
    }
}
