import BPICodec
import BPICrypto
import BPITestSupport
import Foundation
import Testing

@Suite("Ed25519 to X25519")
struct Ed25519X25519Tests {
    @Test("the public key maps to the u = (1 + y)/(1 − y) of Python integers, and DH with the converted keys agrees")
    func conversion() throws {
        let keys = (0..<8).map { _ in Ed25519PrivateKey.generate() }
        let input = keys.map { $0.publicKey.description }.joined(separator: "\n")
        let out = String(decoding: try Oracle.run("threshold_oracle.py", ["x25519"], input: Data(input.utf8)), as: UTF8.self)
        let rows = out.split(separator: "\n").map(String.init)
        try #require(rows.count == keys.count)
        for (key, row) in zip(keys, rows) {
            #expect(Hex.encode(key.publicKey.x25519PublicKey) == row)
            // The converted secret's X25519 public key is the converted public key.
            #expect(try X25519.publicKey(privateKey: key.x25519PrivateKey.bytes) == key.publicKey.x25519PublicKey)
        }
        let a = keys[0]
        let b = keys[1]
        let ab = try X25519.sharedSecret(privateKey: a.x25519PrivateKey.bytes, publicKey: b.publicKey.x25519PublicKey)
        let ba = try X25519.sharedSecret(privateKey: b.x25519PrivateKey.bytes, publicKey: a.publicKey.x25519PublicKey)
        #expect(ab == ba)
    }
}
