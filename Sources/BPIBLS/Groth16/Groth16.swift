/// Groth16 verification over BLS12-381 (docs/SPEC.md §14.8): for public inputs x₁…xₗ,
/// L = IC₀ + Σ xᵢ·ICᵢ (a G1 multi-scalar multiplication), and the proof holds iff
/// e(A, B) = e(α, β) · e(L, γ) · e(C, δ), checked as one product
/// e(−A, B) · e(α, β) · e(L, γ) · e(C, δ) = 1 with three Miller loops (the (α, β) loop is the key's,
/// computed once) and one final exponentiation.
public enum Groth16 {
    /// Whether `proof` proves the key's statement for `inputs` (each 32 big-endian bytes below r).
    /// Throws for inputs of the wrong number or form; answers false for a proof that does not verify.
    public static func verify(key: Groth16VerifyingKey, proof: Groth16Proof, inputs: [[UInt8]]) throws(Groth16Error) -> Bool {
        guard inputs.count == key.inputCount else { throw .inputCount(expected: key.inputCount, found: inputs.count) }
        var scalars: [[UInt64]] = [[1, 0, 0, 0]]
        for (i, x) in inputs.enumerated() {
            guard x.count == 32 else { throw .inputNotCanonical(index: i) }
            let limbs = Scalar.limbs(bigEndian: x)
            guard Scalar.isLess(limbs, GroupOrder.limbs) else { throw .inputNotCanonical(index: i) }
            scalars.append(limbs)
        }
        let l = G1Point.multiScalarMultiplication(key.ic, scalars: scalars)
        let f =
            Pairing.millerLoop(prepared: [
                (-proof.a, Pairing.PreparedG2(proof.b)), (l, key.gammaPrepared), (proof.c, key.deltaPrepared),
            ]) * key.alphaBetaMiller
        return Pairing.finalExponentiation(f).isOne
    }
}
