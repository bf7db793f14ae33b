import BPIBLS
import BPICodec
import BPITestSupport
import Foundation
import Testing

/// Groth16 over BLS12-381 (docs/SPEC.md §14.8) against proofs an independent prover made
/// (Tests/Oracles/groth16_oracle.py on py_ecc, vectors in Tests/Vectors/groth16_range-v1.json): valid proofs
/// verify; wrong inputs, a proof under another key, tampered and malformed points are refused, and
/// py_ecc's pairing agrees on the verdicts.
@Suite struct Groth16Tests {
    typealias Vector = Groth16Vectors.Vector
    static let vectors = Groth16Vectors.all

    static func parts(_ v: Vector) throws -> (Groth16VerifyingKey, Groth16Proof, [[UInt8]]) {
        (
            try Groth16VerifyingKey(canonicalBytes: try Hex.decode(v.vk)), try Groth16Proof(bytes: try Hex.decode(v.proof)),
            try v.inputs.map { try Hex.decode($0) }
        )
    }

    @Test func theIndependentProversProofsVerify() throws {
        #expect(Self.vectors.count == 2)
        for v in Self.vectors {
            let (key, proof, inputs) = try Self.parts(v)
            #expect(try Groth16.verify(key: key, proof: proof, inputs: inputs), "\(v.name)")
            let vk = try Hex.decode(v.vk)
            let proofBytes = try Hex.decode(v.proof)
            #expect(key.canonicalBytes() == vk && proof.bytes == proofBytes)
        }
    }

    @Test func wrongInputsAnotherKeyAndTamperedProofsAreRefused() throws {
        let (key, proof, inputs) = try Self.parts(Self.vectors[0])
        let (otherKey, otherProof, otherInputs) = try Self.parts(Self.vectors[1])
        var bound = inputs
        bound[0][31] ^= 1  // a bound one off
        #expect(try !Groth16.verify(key: key, proof: proof, inputs: bound))
        var commitment = inputs
        commitment[1][5] ^= 0x10
        #expect(try !Groth16.verify(key: key, proof: proof, inputs: commitment))
        #expect(try !Groth16.verify(key: key, proof: proof, inputs: [inputs[1], inputs[0]]))
        #expect(try !Groth16.verify(key: otherKey, proof: proof, inputs: inputs))
        #expect(try !Groth16.verify(key: key, proof: otherProof, inputs: otherInputs))
        #expect(try !Groth16.verify(key: key, proof: try Groth16Proof(a: proof.c, b: proof.b, c: proof.a), inputs: inputs))
        #expect(try !Groth16.verify(key: key, proof: try Groth16Proof(a: -proof.a, b: proof.b, c: proof.c), inputs: inputs))
    }

    @Test func malformedInputsProofsAndKeysAreTypedErrors() throws {
        let v = Self.vectors[0]
        let (key, proof, inputs) = try Self.parts(v)
        #expect(throws: Groth16Error.inputCount(expected: 2, found: 1)) {
            try Groth16.verify(key: key, proof: proof, inputs: [inputs[0]])
        }
        let r = try Hex.decode("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001")
        #expect(throws: Groth16Error.inputNotCanonical(index: 1)) {
            try Groth16.verify(key: key, proof: proof, inputs: [inputs[0], r])
        }
        #expect(throws: Groth16Error.inputNotCanonical(index: 0)) {
            try Groth16.verify(key: key, proof: proof, inputs: [Array(inputs[0].dropFirst()), inputs[1]])
        }
        let bytes = try Hex.decode(v.proof)
        #expect(throws: Groth16Error.self) { try Groth16Proof(bytes: Array(bytes.dropLast())) }
        var offCurve = bytes
        offCurve[47] ^= 0x01  // A's x changed: off the curve or outside the subgroup, either refused
        #expect(throws: Groth16Error.self) { try Groth16Proof(bytes: offCurve) }
        var infinity = bytes
        infinity.replaceSubrange(0..<48, with: [0xC0] + [UInt8](repeating: 0, count: 47))
        #expect(throws: Groth16Error.malformedProof("A, B and C must not be the identity")) { try Groth16Proof(bytes: infinity) }
        var uncompressedFlag = bytes
        uncompressedFlag[48] &= 0x7F
        #expect(throws: Groth16Error.self) { try Groth16Proof(bytes: uncompressedFlag) }
        // A point on the curve outside the prime-order subgroup.
        let outside = try #require(Self.g1OutsideSubgroup())
        var small = bytes
        small.replaceSubrange(144..<192, with: outside)
        #expect(throws: Groth16Error.malformedProof("point is not in the prime-order subgroup")) {
            try Groth16Proof(bytes: small)
        }

        let vk = try Hex.decode(v.vk)
        #expect(throws: Groth16Error.self) { try Groth16VerifyingKey(canonicalBytes: vk + [0]) }
        #expect(throws: Groth16Error.self) { try Groth16VerifyingKey(canonicalBytes: Array(vk.dropLast())) }
        var renamed = vk
        let name = Array("groth16".utf8)
        let at = try #require((0..<vk.count - name.count).first { Array(vk[$0..<$0 + name.count]) == name })
        renamed[at] = UInt8(ascii: "G")
        #expect(throws: Groth16Error.self) { try Groth16VerifyingKey(canonicalBytes: renamed) }
        #expect(throws: Groth16Error.self) {
            try Groth16VerifyingKey(alpha: key.alpha, beta: key.beta, gamma: key.gamma, delta: key.delta, ic: [key.ic[0]])
        }
        #expect(throws: Groth16Error.self) {
            try Groth16VerifyingKey(alpha: .infinity, beta: key.beta, gamma: key.gamma, delta: key.delta, ic: key.ic)
        }
    }

    /// The compressed encoding of a point on E(Fp) not in G1: the first x whose point the decoder
    /// finds on the curve but outside the subgroup.
    static func g1OutsideSubgroup() -> [UInt8]? {
        for x in UInt8(1)...UInt8(200) {
            var e = [UInt8](repeating: 0, count: 48)
            e[0] = 0x80
            e[47] = x
            if case .failure(.notInSubgroup) = Result(catching: { () throws(BLSError) in try G1Point(encoding: e) }) { return e }
        }
        return nil
    }

    @Test func pyEccAgreesOnTheVerdicts() throws {
        let v = Self.vectors[0]
        var wrong = v.inputs
        wrong[0] = String(repeating: "0", count: 62) + "65"  // bound 101 instead of 100
        for (inputs, expected) in [(v.inputs, true), (wrong, false)] {
            let request = try JSONSerialization.data(withJSONObject: ["vk": v.vk, "proof": v.proof, "inputs": inputs])
            let answer = try JSONSerialization.jsonObject(with: try Oracle.run("groth16_oracle.py", ["verify"], input: request))
            let oracle = try #require((answer as? [String: Any])?["valid"] as? Bool)
            let (key, proof, _) = try Self.parts(v)
            let ours = try Groth16.verify(key: key, proof: proof, inputs: try inputs.map { try Hex.decode($0) })
            #expect(oracle == expected && ours == expected)
        }
    }
}
