import BPIBLS
import BPICodec
import BPITestSupport
import Foundation
import Testing

@Suite("BLS signatures")
struct SignatureTests {
    @Test(
        "50 random keys and messages: keys, public keys, signatures and PoPs equal py_ecc's bytes; each side verifies the other")
    func matchesPyEcc() throws {
        var rng = SeededGenerator(seed: 12_381)
        var cases: [(ikm: [UInt8], msg: [UInt8], sk: BLSSecretKey)] = []
        var lines: [String] = []
        for _ in 0..<50 {
            let ikm = rng.bytes(32 + Int.random(in: 0...32, using: &rng))
            let msg = rng.bytes(Int.random(in: 0...100, using: &rng))
            let sk = try BLSSecretKey(keyMaterial: ikm)
            cases.append((ikm, msg, sk))
            lines.append(
                [
                    "x" + Hex.encode(ikm), "x" + Hex.encode(msg), "x" + Hex.encode(sk.publicKey.compressed),
                    "x" + Hex.encode(sk.sign(msg).compressed),
                ].joined(separator: " "))
        }
        let out = String(
            decoding: try Oracle.run("bls_oracle.py", ["sig", "3"], input: Data(lines.joined(separator: "\n").utf8)),
            as: UTF8.self)
        let rows = out.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        try #require(rows.count == cases.count)
        for (i, (c, row)) in zip(cases, rows).enumerated() {
            #expect(Hex.encode(c.sk.bytes) == row[0], "sk \(i)")
            #expect(Hex.encode(c.sk.publicKey.compressed) == row[1], "pk \(i)")
            #expect(Hex.encode(c.sk.sign(c.msg).compressed) == row[2], "sig \(i)")
            #expect(Hex.encode(c.sk.proveProofOfPossession().compressed) == row[3], "pop \(i)")
            // Their bytes decode and verify here.
            let pk = try BLSPublicKey(compressed: try Hex.decode(row[1]))
            let sig = try BLSSignature(compressed: try Hex.decode(row[2]))
            #expect(BLS.verify(publicKey: pk, message: c.msg, signature: sig))
            #expect(BLS.verifyProofOfPossession(publicKey: pk, proof: try BLSSignature(compressed: try Hex.decode(row[3]))))
            if i < 3 { #expect(row[4] == "ok", "py_ecc's pairing rejected our signature \(i)") }
        }
    }

    @Test(
        "negative cases: identity key or signature, off-curve and out-of-subgroup points, wrong message, missing signer, swapped signatures, tampered PoP"
    )
    func negatives() throws {
        let a = try BLSSecretKey(keyMaterial: [UInt8](repeating: 1, count: 32))
        let b = try BLSSecretKey(keyMaterial: [UInt8](repeating: 2, count: 32))
        let m1: [UInt8] = [1]
        let m2: [UInt8] = [2]
        // Identity.
        #expect(throws: BLSError.identityPoint) { try BLSPublicKey(compressed: [0xC0] + [UInt8](repeating: 0, count: 95)) }
        #expect(throws: BLSError.identityPoint) { try BLSSignature(compressed: [0xC0] + [UInt8](repeating: 0, count: 47)) }
        // Not on the curve: x = 0 has no y with y² = 4 + 0? (4 is a square, so use x = 1: 5 is not a square mod p).
        #expect(throws: BLSError.notOnCurve) { try BLSSignature(compressed: [0x80] + [UInt8](repeating: 0, count: 46) + [1]) }
        // On the curve but outside the subgroup: find an x whose point is on E but not in G1.
        var x: UInt64 = 2
        var outside: [UInt8]? = nil
        while outside == nil && x < 100 {
            let fx = Fp(x)
            if let y = (fx.squared * fx + Fp(4)).sqrt {
                let p = G1Point(affineX: fx, affineY: y)
                if !p.isInSubgroup { outside = p.compressed }
            }
            x += 1
        }
        let bad = try #require(outside)
        #expect(throws: BLSError.notInSubgroup) { try BLSSignature(compressed: bad) }
        // Bad flags and non-canonical x.
        var noCompression = a.sign(m1).compressed
        noCompression[0] &= 0x7F
        #expect(throws: BLSError.self) { try BLSSignature(compressed: noCompression) }
        #expect(throws: BLSError.nonCanonicalCoordinate) {
            try BLSSignature(compressed: [0x9F] + [UInt8](repeating: 0xFF, count: 47))
        }
        #expect(throws: BLSError.invalidFlags("infinity with a sign bit or non-zero coordinates")) {
            try BLSSignature(compressed: [0xE0] + [UInt8](repeating: 0, count: 47))
        }
        // Wrong message, wrong key.
        #expect(BLS.verify(publicKey: a.publicKey, message: m1, signature: a.sign(m1)))
        #expect(!BLS.verify(publicKey: a.publicKey, message: m2, signature: a.sign(m1)))
        #expect(!BLS.verify(publicKey: b.publicKey, message: m1, signature: a.sign(m1)))
        // An aggregate missing a signer, or with a signer not in the key list.
        let both = try BLS.aggregate([a.sign(m1), b.sign(m1)])
        #expect(BLS.fastAggregateVerify(publicKeys: [a.publicKey, b.publicKey], message: m1, signature: both))
        #expect(!BLS.fastAggregateVerify(publicKeys: [a.publicKey, b.publicKey], message: m1, signature: a.sign(m1)))
        #expect(!BLS.fastAggregateVerify(publicKeys: [a.publicKey], message: m1, signature: both))
        // AggregateVerify with swapped messages or signatures.
        let distinct = try BLS.aggregate([a.sign(m1), b.sign(m2)])
        #expect(BLS.aggregateVerify(publicKeys: [a.publicKey, b.publicKey], messages: [m1, m2], signature: distinct))
        #expect(!BLS.aggregateVerify(publicKeys: [a.publicKey, b.publicKey], messages: [m2, m1], signature: distinct))
        #expect(
            !BLS.aggregateVerify(
                publicKeys: [a.publicKey, b.publicKey], messages: [m1, m2],
                signature: try BLS.aggregate([a.sign(m2), b.sign(m1)])))
        // PoP: tampered, from another key, or a signature under the wrong DST.
        #expect(BLS.verifyProofOfPossession(publicKey: a.publicKey, proof: a.proveProofOfPossession()))
        #expect(!BLS.verifyProofOfPossession(publicKey: a.publicKey, proof: b.proveProofOfPossession()))
        #expect(!BLS.verifyProofOfPossession(publicKey: a.publicKey, proof: a.sign(a.publicKey.compressed)))
        // Secret keys: zero and ≥ r are refused; short IKM too.
        #expect(throws: BLSError.invalidSecretKey) { try BLSSecretKey(bytes: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: BLSError.invalidSecretKey) { try BLSSecretKey(bytes: [UInt8](repeating: 0xFF, count: 32)) }
        #expect(throws: BLSError.keyMaterialTooShort(31)) { try BLSSecretKey(keyMaterial: [UInt8](repeating: 0, count: 31)) }
        #expect(a.description == "<redacted BLS secret key>")
    }

    @Test("batch verification accepts a good batch and names exactly the bad entries")
    func batch() throws {
        let keys = (0..<6).map { try! BLSSecretKey(keyMaterial: [UInt8](repeating: UInt8($0 + 10), count: 32)) }
        var entries = keys.enumerated().map { i, k in
            BLS.BatchEntry(publicKey: k.publicKey, message: [UInt8(i)], signature: k.sign([UInt8(i)]))
        }
        #expect(BLS.batchVerify(entries).isEmpty)
        entries[1].message = [99]
        entries[4].signature = keys[0].sign([4])
        #expect(BLS.batchVerify(entries) == [1, 4])
    }

    @Test(
        "commits by a set minus a few, checked as one batch (one pairing per missing validator): valid passes; a wrong missing list, message or signature fails"
    )
    func subsetBatch() throws {
        let keys = (0..<7).map { try! BLSSecretKey(keyMaterial: [UInt8](repeating: UInt8($0 + 70), count: 32)) }
        let full = Pairing.PreparedG2(try BLS.aggregate(keys.map(\.publicKey)))
        let prepared = keys.map { Pairing.PreparedG2($0.publicKey.point) }
        // Eight commits; validators 2 and 5 miss several, so their terms combine across commits.
        let missing: [[Int]] = [[], [2], [2, 5], [5], [], [2], [1, 2, 5], [6]]
        func commit(_ i: Int, missing m: [Int]) throws -> BLS.SubsetCheck {
            let message = Array("height \(i)".utf8)
            let signers = keys.indices.filter { !m.contains($0) }
            let signature = try BLS.aggregate(signers.map { keys[$0].sign(message) })
            return BLS.SubsetCheck(missing: m, message: message, signature: signature)
        }
        let checks = try missing.enumerated().map { try commit($0, missing: $1) }
        #expect(BLS.verifyAll(aggregateOf: full, checks, keys: { prepared[$0] }))
        var wrongList = checks
        wrongList[2].missing = [2]  // validator 5 did not sign, but the check counts it
        #expect(!BLS.verifyAll(aggregateOf: full, wrongList, keys: { prepared[$0] }))
        var swappedLists = checks
        swappedLists[1].missing = [5]  // both lists name one validator: the per-validator sums differ
        swappedLists[3].missing = [2]
        #expect(!BLS.verifyAll(aggregateOf: full, swappedLists, keys: { prepared[$0] }))
        var wrongMessage = checks
        wrongMessage[6].message = Array("height 7".utf8)
        #expect(!BLS.verifyAll(aggregateOf: full, wrongMessage, keys: { prepared[$0] }))
        var wrongSignature = checks
        wrongSignature[0].signature = checks[4].signature
        #expect(!BLS.verifyAll(aggregateOf: full, wrongSignature, keys: { prepared[$0] }))
    }

    @Test("proofs of possession checked as a batch agree with one-by-one PopVerify: a swapped or foreign proof fails the batch")
    func batchProofsOfPossession() throws {
        let keys = (0..<8).map { try! BLSSecretKey(keyMaterial: [UInt8](repeating: UInt8($0 + 40), count: 32)) }
        var pairs = keys.map { (publicKey: $0.publicKey, proof: $0.proveProofOfPossession()) }
        #expect(pairs.allSatisfy { BLS.verifyProofOfPossession(publicKey: $0.publicKey, proof: $0.proof) })
        #expect(BLS.verifyProofsOfPossession(pairs))
        #expect(BLS.verifyProofsOfPossession([]))
        // Two proofs swapped: each is a valid PoP, of the other key; the sums of both sides still differ.
        var swapped = pairs
        (swapped[2].proof, swapped[5].proof) = (pairs[5].proof, pairs[2].proof)
        #expect(!BLS.verifyProofsOfPossession(swapped))
        // A signature over the key under the signature DST is not a proof of possession.
        pairs[3].proof = keys[3].sign(keys[3].publicKey.compressed)
        #expect(!BLS.verifyProofOfPossession(publicKey: pairs[3].publicKey, proof: pairs[3].proof))
        #expect(!BLS.verifyProofsOfPossession(pairs))
    }

    @Test("encodings round-trip, compressed and uncompressed, in G1 and G2")
    func encodings() throws {
        let k = try BLSSecretKey(keyMaterial: [UInt8](repeating: 7, count: 32))
        let pk = k.publicKey.point
        let sig = k.sign([1, 2, 3]).point
        #expect(try G2Point(encoding: pk.compressed) == pk && (try G2Point(encoding: pk.uncompressed)) == pk)
        #expect(try G1Point(encoding: sig.compressed) == sig && (try G1Point(encoding: sig.uncompressed)) == sig)
        #expect(try G1Point(encoding: G1Point.infinity.compressed).isInfinity)
        #expect(try BLSSecretKey(bytes: k.bytes).bytes == k.bytes)
    }
}

@Suite("BLS aggregates at scale")
struct AggregateScaleTests {
    /// 64 keys with proofs of possession and their signatures on 8 messages, shared by the chunks.
    static let keys = (0..<64).map { try! BLSSecretKey(keyMaterial: [UInt8](repeating: UInt8($0), count: 31) + [0xA5]) }
    static let messages = (0..<8).map { [UInt8]("block \($0)".utf8) }
    static let signatures = messages.map { m in keys.map { $0.sign(m) } }

    @Test("10,000 random aggregates (1–5 signers) verify; swapping any signer for a non-signer fails", arguments: 0..<4)
    func aggregates(chunk: Int) throws {
        var rng = SeededGenerator(seed: UInt64(4_000 + chunk))
        for _ in 0..<2_500 {
            let m = Int.random(in: 0..<8, using: &rng)
            var signers = Set<Int>()
            let size = Int.random(in: 1...5, using: &rng)
            while signers.count < size { signers.insert(Int.random(in: 0..<64, using: &rng)) }
            let ordered = signers.sorted()
            let signature = try BLS.aggregate(ordered.map { Self.signatures[m][$0] })
            let keys = ordered.map { Self.keys[$0].publicKey }
            #expect(BLS.fastAggregateVerify(publicKeys: keys, message: Self.messages[m], signature: signature))
            var outsider = Int.random(in: 0..<64, using: &rng)
            while signers.contains(outsider) { outsider = (outsider + 1) % 64 }
            var flipped = keys
            flipped[Int.random(in: 0..<keys.count, using: &rng)] = Self.keys[outsider].publicKey
            #expect(!BLS.fastAggregateVerify(publicKeys: flipped, message: Self.messages[m], signature: signature))
        }
    }
}
