import BPICodec
import BPICrypto
import BPITestSupport
import Foundation
import Testing

private struct EddsaGroup: Decodable {
    struct Key: Decodable { let pk: String }
    struct Case: Decodable {
        let tcId: Int
        let comment: String
        let msg: String
        let sig: String
        let result: String
    }
    let publicKey: Key
    let tests: [Case]
}

@Suite("Ed25519")
struct Ed25519Tests {
    @Test("Wycheproof: every valid signature verifies and every invalid one is refused")
    func wycheproof() throws {
        let file = try Wycheproof.load("ed25519_test.json", as: EddsaGroup.self)
        var count = 0
        for group in file.testGroups {
            let key = try Ed25519PublicKey(bytes: try Hex.decode(group.publicKey.pk))
            for t in group.tests {
                let valid = key.isValidSignature(try Hex.decode(t.sig), for: try Hex.decode(t.msg))
                #expect(valid == (t.result == "valid"), "tcId \(t.tcId): \(t.comment)")
                count += 1
            }
        }
        #expect(count == file.numberOfTests)
    }

    @Test("a small-order key and R are refused, even where the cofactorless equation holds")
    func smallOrder() throws {
        // The identity point (y = 1) as the key and as R, with S = 0: [0]B = O = O + [k]O holds for
        // every message, so RFC 8032's equation alone would accept this "signature" of anything.
        let identity = [UInt8]([1] + [UInt8](repeating: 0, count: 31))
        let key = try Ed25519PublicKey(bytes: identity)
        let forged = identity + [UInt8](repeating: 0, count: 32)
        #expect(!key.isValidSignature(forged, for: Array("any message".utf8)))
        // An honest key still verifies its own signatures.
        let honest = try Ed25519PrivateKey(seed: [UInt8](repeating: 5, count: 32))
        #expect(honest.publicKey.isValidSignature(honest.sign(Array("m".utf8)), for: Array("m".utf8)))
    }
}
