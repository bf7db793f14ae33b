import BPIBLS

/// Groth16 over BLS12-381 (docs/SPEC.md §14.8) behind ``ClaimVerifier``: the key is a
/// `Groth16VerifyingKey` encoding, the proof `A ‖ B ‖ C`, the inputs 32-byte scalars below r.
public struct Groth16ClaimVerifier: ClaimVerifier {
    public init() {}

    public var system: String { Groth16VerifyingKey.system }

    public func checkKey(_ key: [UInt8]) throws(ClaimError) {
        do {
            _ = try Groth16VerifyingKey(canonicalBytes: key)
        } catch {
            throw .badKey(error.description)
        }
    }

    public func verify(_ claim: ZKClaim, key: [UInt8]) throws(ClaimError) {
        guard claim.system == system else { throw .unknownSystem(claim.system) }
        let vk: Groth16VerifyingKey
        do {
            vk = try Groth16VerifyingKey(canonicalBytes: key)
        } catch {
            throw .badKey(error.description)
        }
        let holds: Bool
        do {
            holds = try Groth16.verify(key: vk, proof: try Groth16Proof(bytes: claim.proof), inputs: claim.inputs)
        } catch {
            throw .malformed(error.description)
        }
        guard holds else { throw .invalidProof }
    }
}
