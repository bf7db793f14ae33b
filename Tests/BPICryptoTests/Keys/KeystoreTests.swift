import BPICodec
import BPICrypto
import BPITestSupport
import Foundation
import Testing

/// A keystore in a fresh temporary home, with a cheap Argon2id profile so tests stay fast.
struct TempKeystore {
    let home: URL
    let store: Keystore
    static let fastKDF = Argon2id(opsLimit: 1, memLimit: 64 << 10)

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-keys-\(UUID().uuidString)")
        store = Keystore(home: home)
    }

    func remove() { try? FileManager.default.removeItem(at: home) }
}

@Suite("Keystore")
struct KeystoreTests {
    let passphrase = Array("correct horse".utf8)

    @Test("a generated key is sealed at rest with mode 0600 and opens with its passphrase")
    func generateAndUnlock() throws {
        let t = try TempKeystore()
        defer { t.remove() }
        let file = try t.store.generate(name: "validator-1", passphrase: passphrase, kdf: TempKeystore.fastKDF)
        let path = t.home.appendingPathComponent("keys/validator-1.key").path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let dirAttributes = try FileManager.default.attributesOfItem(atPath: t.home.appendingPathComponent("keys").path)
        #expect((dirAttributes[.posixPermissions] as? Int) == 0o700)
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let key = try t.store.unlock(name: "validator-1", passphrase: passphrase)
        #expect(key.publicKey.bytes == file.publicKey)
        // The seed never appears in the file.
        let seed = key.seed.bytes
        #expect(!(0...(raw.count - 32)).contains { Array(raw[$0..<$0 + 32]) == seed })
        #expect(try t.store.list().map(\.name) == ["validator-1"])
    }

    @Test("wrong passphrase, existing name, bad name, missing key: each a clear typed error")
    func errors() throws {
        let t = try TempKeystore()
        defer { t.remove() }
        try t.store.generate(name: "a", passphrase: passphrase, kdf: TempKeystore.fastKDF)
        #expect(throws: IdentityError.wrongPassphrase(name: "a")) {
            try t.store.unlock(name: "a", passphrase: Array("nope".utf8))
        }
        #expect(throws: IdentityError.keyExists(name: "a")) {
            try t.store.generate(name: "a", passphrase: passphrase, kdf: TempKeystore.fastKDF)
        }
        #expect(throws: IdentityError.invalidKeyName("../x")) { try t.store.generate(name: "../x", passphrase: passphrase) }
        #expect(throws: IdentityError.keyNotFound(name: "b")) { try t.store.load(name: "b") }
    }

    @Test("every corrupted byte and every truncation is reported as corruption, never a crash")
    func corruption() throws {
        let t = try TempKeystore()
        defer { t.remove() }
        try t.store.generate(name: "c", passphrase: passphrase, kdf: TempKeystore.fastKDF)
        let url = t.home.appendingPathComponent("keys/c.key")
        let good = [UInt8](try Data(contentsOf: url))
        for i in 0..<good.count {
            var bad = good
            bad[i] ^= 0x40
            try Data(bad).write(to: url)
            #expect(throws: IdentityError.self, "byte \(i)") { try t.store.unlock(name: "c", passphrase: passphrase) }
            do {
                _ = try t.store.unlock(name: "c", passphrase: passphrase)
            } catch {
                if case .corruptedKeyFile = error {} else { Issue.record("byte \(i): \(error)") }
            }
        }
        for n in [0, 1, good.count / 2, good.count - 1] {
            try Data(good.prefix(n)).write(to: url)
            #expect(throws: IdentityError.self) { try t.store.load(name: "c") }
        }
    }

    @Test("SPIFFE IDs derive from the public key and parse back; bad domains and ids are refused")
    func spiffe() throws {
        let key = try Ed25519PrivateKey(seed: [UInt8](repeating: 1, count: 32)).publicKey
        let id = try SPIFFEID(trustDomain: "bpi.local", publicKey: key)
        #expect(id.uri.hasPrefix("spiffe://bpi.local/validator/") && id.validatorID.count == 40)
        #expect(try SPIFFEID(uri: id.uri) == id)
        #expect(throws: IdentityError.invalidTrustDomain("BPI Local")) { try SPIFFEID(trustDomain: "BPI Local", publicKey: key) }
        for bad in [
            "http://bpi.local/validator/\(id.validatorID)", "spiffe://bpi.local/node/\(id.validatorID)",
            "spiffe://bpi.local/validator/xyz",
        ] {
            #expect(throws: IdentityError.self) { try SPIFFEID(uri: bad) }
        }
    }
}

@Suite("Key rotation")
struct KeyRotationTests {
    let passphrase = Array("pw".utf8)

    @Test("a peer moves from the old key to the new one with no message rejected in between")
    func noDowntime() throws {
        let t = try TempKeystore()
        defer { t.remove() }
        try t.store.generate(name: "v", passphrase: passphrase, kdf: TempKeystore.fastKDF)
        let old = try t.store.unlock(name: "v", passphrase: passphrase)
        var peer = RotatingVerifier(trusting: old.publicKey)

        // The sender signs m1, m2 with the old key, rotates, then signs m3, m4 with the new key.
        let m1 = old.sign([1])
        let m2 = old.sign([2])
        let statement = try t.store.rotate(name: "v", passphrase: passphrase)
        let new = try t.store.unlock(name: "v", passphrase: passphrase)
        let m3 = new.sign([3])
        let m4 = new.sign([4])
        #expect(new.publicKey != old.publicKey && statement.newKey == new.publicKey.bytes)
        #expect(try t.store.load(name: "v").sequence == 1)
        #expect(try t.store.rotations(name: "v") == [statement])

        // Delivery order: m1, the statement, m2 (still in flight under the old key), m3, m4.
        #expect(verified(&peer, [1], signature: m1))
        try peer.accept(statement)
        #expect(verified(&peer, [2], signature: m2))
        #expect(verified(&peer, [3], signature: m3))
        #expect(verified(&peer, [4], signature: m4))
        // Once the new key is in use, the old key is retired.
        #expect(!verified(&peer, [5], signature: old.sign([5])))
        #expect(peer.current == new.publicKey && peer.previous == nil && peer.sequence == 1)
    }

    @Test("forged, mis-sequenced, replayed or foreign statements are refused")
    func forgeries() throws {
        let old = Ed25519PrivateKey.generate()
        let new = Ed25519PrivateKey.generate()
        let mallory = Ed25519PrivateKey.generate()
        var peer = RotatingVerifier(trusting: old.publicKey)

        // Mallory names her own key as the successor and signs in the old key's place.
        var forged = RotationStatement(from: mallory, to: new, sequence: 1)
        forged.oldKey = old.publicKey.bytes
        #expect(throws: IdentityError.rotationRefused("the old key's signature does not verify")) { try peer.accept(forged) }
        // The new key's countersignature is missing (signed by someone else).
        var noCounter = RotationStatement(from: old, to: new, sequence: 1)
        noCounter.newSignature = mallory.sign(noCounter.signedBytes)
        #expect(throws: IdentityError.rotationRefused("the new key's countersignature does not verify")) {
            try peer.accept(noCounter)
        }
        // A statement from a key the peer does not trust.
        #expect(throws: IdentityError.self) { try peer.accept(RotationStatement(from: mallory, to: new, sequence: 1)) }
        // Wrong sequence.
        #expect(throws: IdentityError.self) { try peer.accept(RotationStatement(from: old, to: new, sequence: 2)) }
        // A tampered sequence invalidates both signatures.
        var bumped = RotationStatement(from: old, to: new, sequence: 1)
        bumped.sequence = 7
        var atSix = RotatingVerifier(trusting: old.publicKey, sequence: 6)
        #expect(throws: IdentityError.self) { try atSix.accept(bumped) }
        #expect(peer.current == old.publicKey)

        let genuine = RotationStatement(from: old, to: new, sequence: 1)
        try peer.accept(genuine)
        // Replaying it (or any older statement) cannot take the peer back.
        #expect(throws: IdentityError.self) { try peer.accept(genuine) }
        #expect(try RotationStatement(canonicalBytes: genuine.canonicalBytes()) == genuine)
    }
}

/// Runs the (mutating) verifier outside `#expect`, which cannot call mutating members.
private func verified(_ peer: inout RotatingVerifier, _ message: [UInt8], signature: [UInt8]) -> Bool {
    peer.verify(message, signature: signature)
}

@Suite("Identity decoders under mutation")
struct IdentityDecoderMutationTests {
    @Test("mutated rotation statements and key files are rejected or decode to a value that re-encodes identically")
    func mutations() throws {
        let old = Ed25519PrivateKey.generate()
        let new = Ed25519PrivateKey.generate()
        let statement = RotationStatement(from: old, to: new, sequence: 3).canonicalBytes()
        let keyFile = try KeyFile(name: "m", sequence: 0, key: old, passphrase: [1], kdf: TempKeystore.fastKDF).canonicalBytes()
        var rng = SeededGenerator(seed: 77)
        for original in [statement, keyFile] {
            for _ in 0..<2_000 {
                var bytes = original
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
                case 1: bytes.removeLast(Int.random(in: 1...bytes.count, using: &rng))
                default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...bytes.count, using: &rng))
                }
                if let s = try? RotationStatement(canonicalBytes: bytes) {
                    #expect(s.canonicalBytes() == bytes)
                    #expect((try? s.verify()) == nil || bytes == statement)
                }
                if let k = try? KeyFile(canonicalBytes: bytes) { #expect(k.canonicalBytes() == bytes) }
            }
        }
    }
}
