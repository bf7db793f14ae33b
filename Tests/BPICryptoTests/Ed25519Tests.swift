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
}
