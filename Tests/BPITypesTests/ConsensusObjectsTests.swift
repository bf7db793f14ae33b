import BPIBLS
import BPICodec
import BPICrypto
import BPIHash
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// Deterministic validators for object tests.
func sampleValidators(_ n: Int) -> [(identity: Ed25519PrivateKey, info: ValidatorInfo)] {
    (0..<n).map { i in
        let identity = try! Ed25519PrivateKey(seed: [UInt8](repeating: UInt8(i + 1), count: 32))
        let bls = try! BLSSecretKey(keyMaterial: [UInt8](repeating: UInt8(i + 1), count: 32))
        let vrf = try! ECVRF.SecretKey(seed: [UInt8](repeating: UInt8(i + 100), count: 32))
        return (
            identity,
            ValidatorInfo(
                identityKey: identity.publicKey.bytes, blsKey: bls.publicKey.compressed,
                blsProofOfPossession: bls.proveProofOfPossession().compressed,
                vrfKey: vrf.publicKey, votingPower: UInt64(i + 1), metadata: "v\(i)")
        )
    }
}

private struct HeaderVector: Decodable {
    let hex: String
    let hash: String
}

@Suite("Header")
struct HeaderTests {
    static func sample(_ i: UInt64) -> Header {
        Header(
            chainID: "bpi-vectors", height: i, round: i % 3, timestamp: 1_700_000_000_000 + i, prevHash: BLAKE3.hash([UInt8(i)]),
            proposerIndex: i % 4,
            vrfProof: [UInt8](repeating: UInt8(i), count: 80), vrfOutput: [UInt8](repeating: UInt8(i + 1), count: 64),
            validatorSetHash: BLAKE3.hash([1]), nextValidatorSetHash: BLAKE3.hash([2]))
    }

    @Test("committed vectors: canonical bytes and header hash are stable, and decode round-trips")
    func vectors() throws {
        let vectors = try JSONDecoder().decode([HeaderVector].self, from: Data(contentsOf: TestPaths.vector("headers.json")))
        #expect(vectors.count == 3)
        for (i, v) in vectors.enumerated() {
            let header = Self.sample(UInt64(i + 1))
            #expect(Hex.encode(header.canonicalBytes()) == v.hex)
            #expect(header.hash.hex == v.hash)
            #expect(try Header(canonicalBytes: try Hex.decode(v.hex)) == header)
            // The hash is domain-separated: not the plain BLAKE3 of the bytes.
            #expect(header.hash != BLAKE3.hash(header.canonicalBytes()))
        }
    }

    @Test("wrong lengths and versions are refused by the decoder")
    func strictness() throws {
        var fields = Self.sample(1).cborFields
        fields[7] = .bytes([1, 2, 3])
        #expect(throws: CBORError.self) { try Header(cbor: .array(fields)) }
        fields = Self.sample(1).cborFields
        fields[0] = .unsigned(2)
        #expect(throws: CBORError.self) { try Header(cbor: .array(fields)) }
        #expect(throws: CBORError.self) { try Header(cbor: .array(Array(Self.sample(1).cborFields.dropLast()))) }
    }
}

@Suite("Validator set")
struct ValidatorSetTests {
    @Test("membership proofs verify for every entry; a tampered entry, index or proof fails")
    func membership() throws {
        let set = try ValidatorSet(sampleValidators(9).map(\.info))
        let hash = set.hash
        for i in 0..<set.count {
            let proof = try set.proof(index: i)
            #expect(proof.siblings.count <= 4)
            #expect(ValidatorSet.verifyMembership(set.validators[i], proof: proof, setHash: hash))
            var tampered = set.validators[i]
            tampered.votingPower += 1
            #expect(!ValidatorSet.verifyMembership(tampered, proof: proof, setHash: hash))
            var moved = proof
            moved.index = UInt64((i + 1) % set.count)
            #expect(!ValidatorSet.verifyMembership(set.validators[i], proof: moved, setHash: hash))
        }
        #expect(try ValidatorSet(canonicalBytes: set.canonicalBytes()) == set)
        #expect(throws: TypesError.self) { try ValidatorSet([]) }
        #expect(try set.blsPublicKeys().count == 9)
    }

    @Test("a key with a proof of possession for another key is refused")
    func badPop() throws {
        var infos = sampleValidators(3).map(\.info)
        infos[1].blsProofOfPossession = infos[2].blsProofOfPossession
        #expect(throws: TypesError.self) { try ValidatorSet(infos).blsPublicKeys() }
    }
}

@Suite("Signer bitmap")
struct SignerBitmapTests {
    @Test("exactly ⌈n/8⌉ bytes, no stray bits, indices in order")
    func rules() throws {
        #expect(try SignerBitmap(signers: [0, 3, 9], count: 10).signers(count: 10) == [0, 3, 9])
        #expect(throws: TypesError.self) { try SignerBitmap(bytes: [0xFF, 0x04]).signers(count: 10) }  // bit 10 is stray
        #expect(throws: TypesError.self) { try SignerBitmap(bytes: [0xFF]).signers(count: 10) }  // too short
        #expect(throws: TypesError.self) { try SignerBitmap(bytes: [0xFF, 0, 0]).signers(count: 16) }  // too long
        #expect(try SignerBitmap(bytes: [0xFF, 0xFF]).signers(count: 16).count == 16)
    }
}

@Suite("IBFT messages and evidence")
struct MessageTests {
    let validators = sampleValidators(4)
    let chainID = "bpi-test"

    func message(_ kind: MessageKind = .prepare, height: UInt64 = 5, round: UInt64 = 1, value: [UInt8] = [1], sender: UInt64 = 2)
        -> ConsensusMessage
    {
        ConsensusMessage(
            kind: kind, chainID: chainID, height: height, round: round, sender: sender, value: BLAKE3.hash(value), payload: [],
            signer: validators[Int(sender)].identity)
    }

    @Test("the signature binds chain, kind, height, round, sender and value: changing any of them breaks it")
    func replayBinding() throws {
        let key = validators[2].identity.publicKey
        let m = message()
        #expect(m.isSigned(by: key))
        var other = m
        other.chainID = "other-chain"
        #expect(!other.isSigned(by: key))
        other = m
        other.kind = .commit
        #expect(!other.isSigned(by: key))
        other = m
        other.height += 1
        #expect(!other.isSigned(by: key))
        other = m
        other.round += 1
        #expect(!other.isSigned(by: key))
        other = m
        other.sender = 1
        #expect(!other.isSigned(by: key))
        other = m
        other.value = BLAKE3.hash([9])
        #expect(!other.isSigned(by: key))
        #expect(try ConsensusMessage(canonicalBytes: m.canonicalBytes()) == m)
    }

    @Test("equivocation evidence: conflicting messages convict; repeats, other heights, other rounds and forgeries do not")
    func evidence() throws {
        let set = try ValidatorSet(validators.map(\.info))
        let a = message(value: [1])
        let b = message(value: [2])
        #expect(try EquivocationEvidence(first: a, second: b).verify(set: set, chainID: chainID) == 2)
        #expect(throws: TypesError.self) { try EquivocationEvidence(first: a, second: a).verify(set: set, chainID: chainID) }
        #expect(throws: TypesError.self) {
            try EquivocationEvidence(first: a, second: message(height: 6, value: [2])).verify(set: set, chainID: chainID)
        }
        #expect(throws: TypesError.self) {
            try EquivocationEvidence(first: a, second: message(round: 2, value: [2])).verify(set: set, chainID: chainID)
        }
        #expect(throws: TypesError.self) {
            try EquivocationEvidence(first: a, second: message(.commit, value: [2])).verify(set: set, chainID: chainID)
        }
        #expect(throws: TypesError.self) {
            try EquivocationEvidence(first: a, second: message(value: [2], sender: 1)).verify(set: set, chainID: chainID)
        }
        var forged = b
        forged.signature = validators[1].identity.sign(b.signedBytes)
        #expect(throws: TypesError.self) { try EquivocationEvidence(first: a, second: forged).verify(set: set, chainID: chainID) }
        #expect(throws: TypesError.self) { try EquivocationEvidence(first: a, second: b).verify(set: set, chainID: "another") }
        let evidence = EquivocationEvidence(first: a, second: b)
        #expect(try EquivocationEvidence(canonicalBytes: evidence.canonicalBytes()) == evidence)
    }

    @Test("the message decoder survives the fuzz corpus and 5,000 mutations: rejects or round-trips")
    func decoderMutations() throws {
        let dir = TestPaths.packageRoot.appendingPathComponent("Fuzz/Corpus/consensus-message")
        var inputs = try FileManager.default.contentsOfDirectory(atPath: dir.path).map {
            [UInt8](try Data(contentsOf: dir.appendingPathComponent($0)))
        }
        #expect(inputs.count >= 4)
        var rng = SeededGenerator(seed: 10)
        for _ in 0..<5_000 {
            var bytes = inputs[Int.random(in: 0..<inputs.count, using: &rng)]
            if bytes.isEmpty { continue }
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            case 1: bytes.removeLast(Int.random(in: 1...bytes.count, using: &rng))
            default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...bytes.count, using: &rng))
            }
            inputs.append(bytes)
        }
        for bytes in inputs {
            if let m = try? ConsensusMessage(canonicalBytes: bytes) { #expect(m.canonicalBytes() == bytes) }
            if let e = try? EquivocationEvidence(canonicalBytes: bytes) { #expect(e.canonicalBytes() == bytes) }
            if let h = try? Header(canonicalBytes: bytes) { #expect(h.canonicalBytes() == bytes) }
        }
    }
}
