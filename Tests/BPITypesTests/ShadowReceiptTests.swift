import BPICodec
import BPICrypto
import BPIHash
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// Shadow receipts (docs/SPEC.md §14.6): a gateway's receipt for a legacy system verifies through
/// the whole chain of custody — principal → delegation → gateway → receipt — and each broken link
/// is refused: expired, out of scope, re-delegated without permission, widened, forged.
@Suite struct ShadowReceiptTests {
    static func key(_ byte: UInt8) throws -> Ed25519PrivateKey {
        try Ed25519PrivateKey(seed: [UInt8](repeating: byte, count: 32))
    }
    static func id(_ byte: UInt8) -> Hash32 { Hash32([UInt8](repeating: byte, count: 32))! }

    static let agreement = id(0xA1)
    static let legacy = id(0x01)
    static let gateway = id(0x02)
    static let second = id(0x03)

    static func receipt(agreement: Hash32 = agreement, timeMs: UInt64 = 5_000) -> Receipt {
        let header = RunHeader(
            agreementID: agreement, moduleHash: id(0x33), inputRoot: Header.emptyRoot, seed: .zero, timeMs: timeMs,
            args: ["legacy"])
        return Receipt(
            runHeader: header, engine: "wasmkit-0.4.2/docklock-1", cesRoot: id(4), witnessRoot: id(5), outputHash: id(6),
            outcome: .exited, exitCode: 0, fuelUsed: 10, eventCount: 2)
    }

    static func delegation(
        issuer: Hash32 = legacy, by issuerKey: Ed25519PrivateKey, to delegate: Hash32 = gateway, key: Ed25519PrivateKey,
        scope: [Hash32] = [agreement], window: ClosedRange<UInt64> = 1_000...9_000, redelegate: Bool = false
    ) -> Delegation {
        Delegation(
            issuer: issuer, delegate: delegate, delegateKey: key.publicKey, scope: scope, notBeforeMs: window.lowerBound,
            notAfterMs: window.upperBound, label: "billing-mainframe/2026", mayRedelegate: redelegate
        ).signed(by: issuerKey)
    }

    @Test func aGatewaysReceiptVerifiesThroughItsChainOfCustody() throws {
        let principal = try Self.key(1)
        let gatewayKey = try Self.key(2)
        let d = Self.delegation(by: principal, key: gatewayKey)
        let shadow = ShadowReceipt(delegations: [d], receipt: Self.receipt().signed(executor: Self.gateway, key: gatewayKey))
        #expect(shadow.refusal(principal: Self.legacy, principalKey: principal.publicKey) == nil)
        #expect(shadow.label == "billing-mainframe/2026" && shadow.principal == Self.legacy)
        let decoded = try ShadowReceipt(canonicalBytes: shadow.canonicalBytes())
        #expect(decoded == shadow)
        #expect(decoded.refusal(principal: Self.legacy, principalKey: principal.publicKey) == nil)

        // Re-delegation where the first link permits it, narrowing scope and window.
        let secondKey = try Self.key(3)
        let wide = Self.delegation(by: principal, key: gatewayKey, scope: [Self.agreement, Self.id(0xA2)], redelegate: true)
        let narrow = Self.delegation(
            issuer: Self.gateway, by: gatewayKey, to: Self.second, key: secondKey, window: 2_000...8_000)
        let chained = ShadowReceipt(
            delegations: [wide, narrow], receipt: Self.receipt().signed(executor: Self.second, key: secondKey))
        #expect(chained.refusal(principal: Self.legacy, principalKey: principal.publicKey) == nil)
    }

    @Test func eachBrokenLinkIsRefusedByName() throws {
        let principal = try Self.key(1)
        let gatewayKey = try Self.key(2)
        let secondKey = try Self.key(3)
        let d = Self.delegation(by: principal, key: gatewayKey)
        func refusal(_ delegations: [Delegation], _ receipt: Receipt, key: Ed25519PublicKey? = nil) throws -> String? {
            ShadowReceipt(delegations: delegations, receipt: receipt).refusal(
                principal: Self.legacy, principalKey: key ?? principal.publicKey)
        }
        let signed = { (r: Receipt, k: Ed25519PrivateKey, as: Hash32) in r.signed(executor: `as`, key: k) }
        // Expired, and not yet valid.
        #expect(try refusal([d], signed(Self.receipt(timeMs: 9_001), gatewayKey, Self.gateway))?.contains("expired") == true)
        #expect(try refusal([d], signed(Self.receipt(timeMs: 999), gatewayKey, Self.gateway))?.contains("window") == true)
        // Out of scope.
        #expect(
            try refusal([d], signed(Self.receipt(agreement: Self.id(0xEE)), gatewayKey, Self.gateway))?.contains("scope") == true)
        // Forged: signed by someone else than the principal, or another principal's key given.
        let forged = Self.delegation(by: try Self.key(9), key: gatewayKey)
        #expect(try refusal([forged], signed(Self.receipt(), gatewayKey, Self.gateway))?.contains("signature") == true)
        #expect(
            try refusal([d], signed(Self.receipt(), gatewayKey, Self.gateway), key: try Self.key(9).publicKey)?.contains(
                "signature")
                == true)
        var tampered = d
        tampered.notAfterMs += 1_000_000
        #expect(try refusal([tampered], signed(Self.receipt(), gatewayKey, Self.gateway))?.contains("signature") == true)
        // The receipt signed by another key than the delegated one, or naming another executor.
        #expect(try refusal([d], signed(Self.receipt(), secondKey, Self.gateway))?.contains("gateway") == true)
        #expect(try refusal([d], signed(Self.receipt(), gatewayKey, Self.second))?.contains("executor") == true)
        // Re-delegated without permission.
        let onward = Self.delegation(issuer: Self.gateway, by: gatewayKey, to: Self.second, key: secondKey)
        #expect(try refusal([d, onward], signed(Self.receipt(), secondKey, Self.second))?.contains("does not permit") == true)
        // Re-delegation widening the scope or the window.
        let permitting = Self.delegation(by: principal, key: gatewayKey, redelegate: true)
        let widerScope = Self.delegation(
            issuer: Self.gateway, by: gatewayKey, to: Self.second, key: secondKey, scope: [Self.agreement, Self.id(0xA2)])
        #expect(try refusal([permitting, widerScope], signed(Self.receipt(), secondKey, Self.second))?.contains("scope") == true)
        let widerWindow = Self.delegation(
            issuer: Self.gateway, by: gatewayKey, to: Self.second, key: secondKey, window: 0...9_000)
        #expect(
            try refusal([permitting, widerWindow], signed(Self.receipt(), secondKey, Self.second))?.contains("window") == true)
        // A link issued by someone who is not the previous delegate.
        let stranger = Self.delegation(issuer: Self.id(0x77), by: gatewayKey, to: Self.second, key: secondKey)
        #expect(
            try refusal([permitting, stranger], signed(Self.receipt(), secondKey, Self.second))?.contains("issued by") == true)
        // No delegation at all does not decode.
        let none = ShadowReceipt(delegations: [], receipt: signed(Self.receipt(), gatewayKey, Self.gateway))
        #expect(throws: CBORError.self) { try ShadowReceipt(canonicalBytes: none.canonicalBytes()) }
    }

    @Test func theDelegationEncodingAndSignatureMatchThePythonOracle() throws {
        let principal = try Self.key(0x21)
        let gatewayKey = try Self.key(0x22)
        let d = Self.delegation(by: principal, key: gatewayKey, scope: [Self.id(0xB2), Self.agreement], redelegate: true)
        let query: [String: Any] = [
            "seed": Hex.encode([UInt8](repeating: 0x21, count: 32)), "issuer": Self.legacy.hex, "delegate": Self.gateway.hex,
            "delegateKey": Hex.encode(gatewayKey.publicKey.bytes), "scope": [Self.id(0xB2).hex, Self.agreement.hex],
            "notBeforeMs": 1_000, "notAfterMs": 9_000, "label": "billing-mainframe/2026", "mayRedelegate": true,
        ]
        let out = try Oracle.run("delegation_oracle.py", input: JSONSerialization.data(withJSONObject: query))
        let o = try #require(try JSONSerialization.jsonObject(with: out) as? [String: Any])
        #expect(o["delegation"] as? String == Hex.encode(d.canonicalBytes()))
        #expect(o["issuerKey"] as? String == Hex.encode(principal.publicKey.bytes))
        let theirs = try Delegation(canonicalBytes: try Hex.decode(try #require(o["delegation"] as? String)))
        #expect(theirs.isSigned(by: principal.publicKey))
    }
}
