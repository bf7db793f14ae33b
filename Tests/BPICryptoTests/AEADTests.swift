import BPICodec
import BPICrypto
import BPITestSupport
import Foundation
import Testing

private struct AeadGroup: Decodable {
    struct Case: Decodable {
        let tcId: Int
        let comment: String
        let key, iv, aad, msg, ct, tag, result: String
    }
    let ivSize: Int
    let tests: [Case]
}

/// Runs a Wycheproof AEAD file through a seal/open pair; returns the number of cases checked.
private func runAEAD(
    _ name: String,
    seal: ([UInt8], [UInt8], [UInt8], [UInt8]) throws -> [UInt8],
    open: ([UInt8], [UInt8], [UInt8], [UInt8]) throws -> [UInt8]
) throws -> Int {
    let file = try Wycheproof.load(name, as: AeadGroup.self)
    var count = 0
    for group in file.testGroups {
        for t in group.tests {
            let (key, iv, aad, msg) = (try Hex.decode(t.key), try Hex.decode(t.iv), try Hex.decode(t.aad), try Hex.decode(t.msg))
            let sealed = try Hex.decode(t.ct) + Hex.decode(t.tag)
            let opened = try? open(sealed, key, iv, aad)
            if t.result == "valid" {
                #expect(opened == msg, "\(name) tcId \(t.tcId): \(t.comment)")
                #expect(try seal(msg, key, iv, aad) == sealed, "\(name) tcId \(t.tcId)")
            } else {
                #expect(opened == nil, "\(name) tcId \(t.tcId) must be refused: \(t.comment)")
            }
            count += 1
        }
    }
    #expect(count == file.numberOfTests)
    return count
}

@Suite("AEAD")
struct AEADTests {
    @Test("Wycheproof XChaCha20-Poly1305: valid cases round-trip, tampered tags and wrong nonce sizes are refused")
    func xchacha() throws {
        let n = try runAEAD(
            "xchacha20_poly1305_test.json",
            seal: { try XChaCha20Poly1305.seal($0, key: $1, nonce: $2, associatedData: $3) },
            open: { try XChaCha20Poly1305.open($0, key: $1, nonce: $2, associatedData: $3) })
        #expect(n > 300)
    }

    @Test("Wycheproof ChaCha20-Poly1305")
    func chacha() throws {
        let n = try runAEAD(
            "chacha20_poly1305_test.json",
            seal: { try ChaCha20Poly1305.seal($0, key: $1, nonce: $2, associatedData: $3) },
            open: { try ChaCha20Poly1305.open($0, key: $1, nonce: $2, associatedData: $3) })
        #expect(n > 300)
    }

    @Test("random-nonce boxes are nonce ‖ ciphertext ‖ tag, with a fresh 192-bit nonce each time")
    func randomNonce() throws {
        let key = [UInt8](repeating: 7, count: 32)
        let a = try XChaCha20Poly1305.sealWithRandomNonce([1, 2, 3], key: key, associatedData: [9])
        let b = try XChaCha20Poly1305.sealWithRandomNonce([1, 2, 3], key: key, associatedData: [9])
        #expect(a.count == 24 + 3 + 16)
        #expect(a.prefix(24) != b.prefix(24))
        #expect(try XChaCha20Poly1305.openWithNonce(a, key: key, associatedData: [9]) == [1, 2, 3])
        #expect(throws: CryptoError.authenticationFailed) {
            try XChaCha20Poly1305.openWithNonce(a, key: key, associatedData: [8])
        }
        #expect(throws: CryptoError.authenticationFailed) { try XChaCha20Poly1305.openWithNonce(Array(a.prefix(39)), key: key) }
        #expect(throws: CryptoError.invalidLength(what: "XChaCha20-Poly1305 key", expected: 32, found: 31)) {
            try XChaCha20Poly1305.sealWithRandomNonce([], key: Array(key.prefix(31)))
        }
    }

    @Test("XChaCha20-Poly1305 equals PyNaCl (libsodium's Python binding) on random inputs")
    func matchesPyNaCl() throws {
        var rng = SeededGenerator(seed: 20)
        var lines: [String] = []
        var expected: [[UInt8]] = []
        for _ in 0..<40 {
            let (key, nonce, aad, msg) = (
                rng.bytes(32), rng.bytes(24), rng.bytes(Int.random(in: 0...40, using: &rng)),
                rng.bytes(Int.random(in: 0...3000, using: &rng))
            )
            lines.append([key, nonce, aad, msg].map { "x" + Hex.encode($0) }.joined(separator: " "))
            expected.append(try XChaCha20Poly1305.seal(msg, key: key, nonce: nonce, associatedData: aad))
        }
        let out = String(
            decoding: try Oracle.run("xchacha_oracle.py", input: Data(lines.joined(separator: "\n").utf8)), as: UTF8.self)
        #expect(out.split(separator: "\n").map(String.init) == expected.map { Hex.encode($0) })
    }
}

@Suite("AEAD counter nonces")
struct AEADSealerTests {
    let key = [UInt8](repeating: 1, count: 32)

    @Test("counters advance 0, 1, 2 … and the opener accepts exactly that sequence")
    func inOrder() throws {
        var sealer = try AEADSealer(key: key)
        var opener = try AEADOpener(key: key)
        for i in 0..<5 {
            let (counter, box) = try sealer.seal([UInt8(i)], associatedData: [0xAA])
            #expect(counter == UInt64(i))
            #expect(try opener.open(counter: counter, box, associatedData: [0xAA]) == [UInt8(i)])
        }
    }

    @Test("a replayed, reordered or forged counter is refused, and a failed open does not advance")
    func replay() throws {
        var sealer = try AEADSealer(key: key)
        var opener = try AEADOpener(key: key)
        let first = try sealer.seal([1])
        let second = try sealer.seal([2])
        #expect(throws: CryptoError.replayedOrReordered(expected: 0, found: 1)) {
            try opener.open(counter: second.counter, second.sealed)
        }
        #expect(try opener.open(counter: first.counter, first.sealed) == [1])
        #expect(throws: CryptoError.replayedOrReordered(expected: 1, found: 0)) {
            try opener.open(counter: first.counter, first.sealed)
        }
        // The box for counter 1 presented as counter 1 but with a flipped bit: refused, and 1 is still expected.
        var tampered = second.sealed
        tampered[0] ^= 1
        #expect(throws: CryptoError.authenticationFailed) { try opener.open(counter: 1, tampered) }
        #expect(try opener.open(counter: 1, second.sealed) == [2])
    }

    @Test("the sealer refuses to wrap: the last usable counter is 2^64 - 2")
    func exhaustion() throws {
        var sealer = try AEADSealer(key: key, startingAt: UInt64.max - 1)
        #expect(try sealer.seal([]).counter == UInt64.max - 1)
        #expect(throws: CryptoError.nonceExhausted) { try sealer.seal([]) }
        #expect(throws: CryptoError.nonceExhausted) { try sealer.seal([]) }
        #expect(sealer.nextCounter == UInt64.max)
    }
}
