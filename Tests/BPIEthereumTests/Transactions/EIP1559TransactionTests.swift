import BPICodec
import BPIEthereum
import BPITestSupport
import Foundation
import Testing

/// EIP-1559 transactions (SPEC §18.3) signed here and by eth-account must be the same bytes;
/// eth-account must recover our signer; our decoder must refuse what is not canonical.
@Suite("EIP-1559 transactions")
struct EIP1559TransactionTests {
    static func sample(_ rng: inout SeededGenerator, to: EthereumAddress?) -> EIP1559Transaction {
        EIP1559Transaction(
            chainID: [1, 31337, 131_277_322_940_537][Int(rng.next() % 3)], nonce: rng.next() % 3 == 0 ? 0 : rng.next() % 100_000,
            maxPriorityFeePerGas: rng.next() % 10_000_000_000, maxFeePerGas: rng.next() % 1_000_000_000_000,
            gasLimit: 21_000 + rng.next() % 1_000_000, to: to, value: rng.next() % 2 == 0 ? 0 : rng.next(),
            data: rng.bytes(Int(rng.next() % 3 == 0 ? 0 : rng.next() % 200)))
    }

    @Test("signed by us and by eth-account: the same raw bytes and hash; eth-account recovers our sender")
    func sameBytesAsEthAccount() throws {
        var rng = SeededGenerator(seed: 1559)
        var cases: [(Secp256k1PrivateKey, EIP1559Transaction)] = []
        for i in 0..<60 {
            let key = try Secp256k1PrivateKey(secret: rng.bytes(32))
            let to = i % 5 == 0 ? nil : try EthereumAddress(bytes: rng.bytes(20))
            cases.append((key, Self.sample(&rng, to: to)))
        }
        let inputs: [[String: Any]] = cases.map { key, tx in
            [
                "secret": Hex.encode(key.secret), "chainId": tx.chainID, "nonce": tx.nonce,
                "maxPriorityFeePerGas": tx.maxPriorityFeePerGas, "maxFeePerGas": tx.maxFeePerGas, "gas": tx.gasLimit,
                "to": tx.to.map { Hex.encode($0.bytes) } ?? "", "value": NSDecimalNumber(string: Self.decimal(tx.value)),
                "data": Hex.encode(tx.data),
            ]
        }
        let answers = try EthereumOracle.run("sign", inputs).map { $0 as? [String: Any] ?? [:] }
        var raws: [String] = []
        for ((key, tx), answer) in zip(cases, answers) {
            let signed = try tx.signed(with: key)
            #expect(Hex.encode(signed.raw) == answer["raw"] as? String)
            #expect(Hex.encode(signed.hash) == answer["hash"] as? String)
            #expect(key.address.checksummed == answer["address"] as? String)
            #expect(try signed.sender() == key.address)
            #expect(try SignedEIP1559Transaction(raw: signed.raw) == signed)
            raws.append(Hex.encode(signed.raw))
        }
        let recovered = try EthereumOracle.run("recover", raws).map { $0 as? [String: Any] ?? [:] }
        for ((key, tx), r) in zip(cases, recovered) {
            #expect(r["sender"] as? String == key.address.checksummed)
            #expect((r["nonce"] as? NSNumber)?.uint64Value == tx.nonce)
            #expect(r["data"] as? String == Hex.encode(tx.data))
        }
    }

    static func decimal(_ bigEndian: [UInt8]) -> String {
        // Values here fit 64 bits (the samples use UInt64).
        String(bigEndian.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    @Test("the decoder refuses another type, a bad field count, a high s, a leading zero, trailing bytes")
    func refusals() throws {
        var rng = SeededGenerator(seed: 7)
        let key = try Secp256k1PrivateKey(secret: rng.bytes(32))
        let signed = try Self.sample(&rng, to: try EthereumAddress(bytes: rng.bytes(20))).signed(with: key)
        let raw = signed.raw
        #expect(throws: EthereumError.self) { try SignedEIP1559Transaction(raw: [0x01] + raw.dropFirst()) }
        #expect(throws: EthereumError.self) { try SignedEIP1559Transaction(raw: raw + [0]) }
        #expect(throws: EthereumError.self) { try SignedEIP1559Transaction(raw: Array(raw.dropLast())) }
        // s replaced by n − s: a valid signature of the other parity, refused by EIP-2.
        let n: [UInt8] = try Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        var borrow = 0
        var highS = [UInt8](repeating: 0, count: 32)
        for i in (0..<32).reversed() {
            let d = Int(n[i]) - Int(signed.signature.s[i]) - borrow
            highS[i] = UInt8((d + 256) % 256)
            borrow = d < 0 ? 1 : 0
        }
        #expect(throws: EthereumError.invalidSignature("s is in the upper half of the order (EIP-2)")) {
            try Secp256k1Signature(r: signed.signature.r, s: highS, yParity: 1 - signed.signature.yParity)
        }
        #expect(throws: EthereumError.self) {
            try Secp256k1Signature(r: [UInt8](repeating: 0, count: 32), s: signed.signature.s, yParity: 0)
        }
        // A field with a leading zero (the nonce re-encoded as 00 ‖ nonce) is not canonical.
        guard case .list(var fields) = try RLPItem(decoding: Array(raw.dropFirst())) else {
            Issue.record("not a list")
            return
        }
        fields[1] = .bytes([0] + (try fields[1].bytes("nonce")))
        #expect(throws: EthereumError.self) { try SignedEIP1559Transaction(raw: [0x02] + RLPItem.list(fields).encoded) }
        fields.removeLast()
        #expect(throws: EthereumError.self) { try SignedEIP1559Transaction(raw: [0x02] + RLPItem.list(fields).encoded) }
    }

    @Test("keys: zero and the order are refused; EIP-55 checksums as published")
    func keysAndAddresses() throws {
        #expect(throws: EthereumError.invalidPrivateKey) { try Secp256k1PrivateKey(secret: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: EthereumError.invalidPrivateKey) {
            try Secp256k1PrivateKey(secret: Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"))
        }
        // Private key 1: the generator's address.
        let one = try Secp256k1PrivateKey(secret: [UInt8](repeating: 0, count: 31) + [1])
        #expect(one.address.checksummed == "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf")
        // EIP-55's own examples.
        for text in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        ] {
            #expect(try EthereumAddress(hex: text).checksummed == text)
            #expect(try EthereumAddress(hex: text.lowercased()).checksummed == text)
        }
        #expect(throws: EthereumError.self) { try EthereumAddress(hex: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD") }
        #expect(throws: EthereumError.self) { try EthereumAddress(hex: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae") }
    }
}
