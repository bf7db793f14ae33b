import BPICodec
import BPICrypto
import BPITestSupport
import Foundation
import Testing

private struct HkdfGroup: Decodable {
    struct Case: Decodable {
        let tcId: Int
        let comment: String
        let ikm, salt, info, okm, result: String
        let size: Int
    }
    let tests: [Case]
}

private struct XdhGroup: Decodable {
    struct Case: Decodable {
        let tcId: Int
        let comment: String
        let flags: [String]
        let `public`, `private`, shared, result: String
    }
    let tests: [Case]
}

@Suite("HKDF-SHA256 and X25519")
struct KDFTests {
    @Test("Wycheproof HKDF-SHA256: valid outputs match, over-long outputs are refused")
    func hkdf() throws {
        let file = try Wycheproof.load("hkdf_sha256_test.json", as: HkdfGroup.self)
        for t in file.testGroups.flatMap(\.tests) {
            let out = try? HKDFSHA256.derive(
                inputKeyMaterial: try Hex.decode(t.ikm), salt: try Hex.decode(t.salt), info: try Hex.decode(t.info),
                length: t.size)
            if t.result == "valid" {
                #expect(out.map { Hex.encode($0) } == t.okm, "tcId \(t.tcId): \(t.comment)")
            } else {
                #expect(out == nil, "tcId \(t.tcId): \(t.comment)")
            }
        }
    }

    @Test("registered contexts separate derived keys")
    func contexts() throws {
        let ikm = [UInt8](repeating: 3, count: 32)
        let a = try HKDFSHA256.derive(inputKeyMaterial: ikm, context: .keystore)
        let b = try HKDFSHA256.derive(inputKeyMaterial: ikm, context: .channel)
        #expect(a != b && a.count == 32)
        #expect(
            a
                == (try HKDFSHA256.derive(
                    inputKeyMaterial: ikm, salt: [], info: Array("metanode/bpi/v1/keystore".utf8), length: 32)))
    }

    @Test("Wycheproof X25519: shared secrets match; low-order public keys (all-zero secret) are refused")
    func x25519() throws {
        let file = try Wycheproof.load("x25519_test.json", as: XdhGroup.self)
        var refused = 0
        for t in file.testGroups.flatMap(\.tests) {
            let out = try? X25519.sharedSecret(privateKey: try Hex.decode(t.private), publicKey: try Hex.decode(t.public))
            if t.shared == String(repeating: "0", count: 64) {
                #expect(out == nil, "tcId \(t.tcId): \(t.comment) must be refused")
                refused += 1
            } else {
                #expect(out.map { Hex.encode($0) } == t.shared, "tcId \(t.tcId): \(t.comment) \(t.flags)")
            }
        }
        #expect(refused > 0)
    }

    @Test("X25519 key pairs agree")
    func agreement() throws {
        let (a, aPub) = X25519.generate()
        let (b, bPub) = X25519.generate()
        #expect(
            try X25519.sharedSecret(privateKey: a.bytes, publicKey: bPub)
                == X25519.sharedSecret(privateKey: b.bytes, publicKey: aPub))
        #expect(try X25519.publicKey(privateKey: a.bytes) == aPub)
        #expect(a.description == "<redacted 32 bytes>")
    }
}
