import BPICodec
import BPICrypto
import BPIDA
import BPITestSupport
import Foundation
import Testing

/// Sealed objects (docs/SPEC.md §15.7): every reader with a key slot opens the object, nobody else;
/// an independent implementation (PyNaCl, stdlib HKDF, cbor2) seals byte-identically from the same
/// randomness and opens ours; a changed slot, ciphertext or nonce is refused; malformed envelopes
/// are typed decoding errors.
@Suite struct SealedObjectTests {
    static func fixed() throws -> (
        plaintext: [UInt8], readers: [(secret: [UInt8], public: [UInt8])], key: [UInt8], nonce: [UInt8], ephemerals: [[UInt8]]
    ) {
        var rng = SeededGenerator(seed: 38)
        let readers = try (0..<3).map { _ -> ([UInt8], [UInt8]) in
            let s = rng.bytes(32)
            return (s, try X25519.publicKey(privateKey: s))
        }
        return (rng.bytes(10_000), readers, rng.bytes(32), rng.bytes(24), [rng.bytes(32), rng.bytes(32), rng.bytes(32)])
    }

    @Test func everyReaderOpensAndTheOracleAgreesBothWays() throws {
        let f = try Self.fixed()
        let sealed = try SealedObject.seal(
            f.plaintext, recipients: f.readers.map(\.public), objectKey: f.key, nonce: f.nonce, ephemeralSecrets: f.ephemerals)
        let bytes = sealed.canonicalBytes()
        #expect(try SealedObject(canonicalBytes: bytes) == sealed)
        for reader in f.readers { #expect(try sealed.open(secret: reader.secret) == f.plaintext) }
        let request: [String: Any] = [
            "op": "seal", "plaintext": Hex.encode(f.plaintext), "recipients": f.readers.map { Hex.encode($0.public) },
            "objectKey": Hex.encode(f.key), "nonce": Hex.encode(f.nonce), "ephemeralSecrets": f.ephemerals.map(Hex.encode),
        ]
        let theirs =
            try JSONSerialization.jsonObject(
                with: try Oracle.run("sealed_oracle.py", input: try JSONSerialization.data(withJSONObject: request)))
            as! [String: String]
        #expect(theirs["sealed"] == Hex.encode(bytes), "the oracle seals the same bytes")
        let opened =
            try JSONSerialization.jsonObject(
                with: try Oracle.run(
                    "sealed_oracle.py",
                    input: try JSONSerialization.data(withJSONObject: [
                        "op": "open", "sealed": Hex.encode(bytes), "secret": Hex.encode(f.readers[1].secret),
                    ])))
            as! [String: String]
        #expect(opened["plaintext"] == Hex.encode(f.plaintext))
        // Fresh randomness: still opens, and differs from the fixed envelope.
        let fresh = try SealedObject.seal(f.plaintext, recipients: [f.readers[0].public])
        #expect(try fresh.open(secret: f.readers[0].secret) == f.plaintext && fresh.canonicalBytes() != bytes)
    }

    @Test func outsidersAndTamperingAreRefused() throws {
        let f = try Self.fixed()
        let sealed = try SealedObject.seal(
            f.plaintext, recipients: [f.readers[0].public, f.readers[1].public], objectKey: f.key, nonce: f.nonce,
            ephemeralSecrets: Array(f.ephemerals.prefix(2)))
        #expect(throws: CryptoError.self) { try sealed.open(secret: f.readers[2].secret) }
        var dropped = sealed
        dropped.slots.removeLast()
        #expect(throws: CryptoError.self) { try dropped.open(secret: f.readers[0].secret) }
        var swapped = sealed
        swapped.slots[0].ephemeral = sealed.slots[1].ephemeral
        #expect(throws: CryptoError.self) { try swapped.open(secret: f.readers[0].secret) }
        var flipped = sealed
        flipped.ciphertext[5] ^= 1
        #expect(throws: CryptoError.self) { try flipped.open(secret: f.readers[1].secret) }
        var renonced = sealed
        renonced.nonce[0] ^= 1
        #expect(throws: CryptoError.self) { try renonced.open(secret: f.readers[1].secret) }
        #expect(throws: CBORError.self) { try SealedObject(canonicalBytes: Array(sealed.canonicalBytes().dropLast(3))) }
        #expect(throws: CBORError.self) { try SealedObject(canonicalBytes: [0x84, 0x02, 0x80, 0x40, 0x40]) }
        #expect(throws: CryptoError.self) { try SealedObject.seal(f.plaintext, recipients: []) }
    }
}
