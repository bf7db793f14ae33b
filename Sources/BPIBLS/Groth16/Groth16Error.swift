/// Why a Groth16 key, proof or statement was refused before any pairing (docs/SPEC.md §14.8). A
/// well-formed proof that does not verify is not an error: `Groth16.verify` answers false.
public enum Groth16Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// The verifying key is not canonical CBOR of the §14.8 layout, or a point in it is refused.
    case malformedKey(String)
    /// The proof is not 192 bytes of three valid compressed points (A ∈ G1, B ∈ G2, C ∈ G1).
    case malformedProof(String)
    /// The number of public inputs is not the key's.
    case inputCount(expected: Int, found: Int)
    /// A public input is not 32 big-endian bytes below the group order r.
    case inputNotCanonical(index: Int)

    public var description: String {
        switch self {
        case .malformedKey(let m): return "Groth16 verifying key: \(m)"
        case .malformedProof(let m): return "Groth16 proof: \(m)"
        case .inputCount(let e, let f): return "the key takes \(e) public inputs, the claim has \(f)"
        case .inputNotCanonical(let i): return "public input \(i) is not 32 big-endian bytes below the BLS12-381 group order"
        }
    }
}
