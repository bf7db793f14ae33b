import BPICodec
import BPICrypto
import BPIToolKit

/// `bpi vrf keygen|prove|verify`: ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381).
public enum VRFTool {
    /// A new key pair: (secret seed hex, public key hex).
    public static func keygen() -> (secret: String, public: String) {
        let key = ECVRF.SecretKey.generate()
        return (Hex.encode(key.seed.bytes), Hex.encode(key.publicKey))
    }

    /// The 80-byte proof, hex.
    public static func prove(secretHex: String, alphaHex: String) throws(ToolError) -> String {
        let seed = try AEADTool.hex(secretHex, "--sk-hex")
        let alpha = try AEADTool.hex(alphaHex, "--alpha-hex")
        do {
            return Hex.encode(ECVRF.prove(try ECVRF.SecretKey(seed: seed), alpha: alpha))
        } catch {
            throw .badInput(error.description)
        }
    }

    /// beta (hex) when the proof verifies; `.verificationFailed` (exit 1) when it does not;
    /// `.badInput` (exit 2) for malformed hex or wrong lengths.
    public static func verify(publicHex: String, alphaHex: String, proofHex: String) throws(ToolError) -> String {
        let pk = try AEADTool.hex(publicHex, "--pk-hex")
        let alpha = try AEADTool.hex(alphaHex, "--alpha-hex")
        let proof = try AEADTool.hex(proofHex, "--proof-hex")
        guard pk.count == ECVRF.publicKeyLength else { throw .badInput("--pk-hex must be 32 bytes, got \(pk.count)") }
        guard proof.count == ECVRF.proofLength else { throw .badInput("--proof-hex must be 80 bytes, got \(proof.count)") }
        do {
            return Hex.encode(try ECVRF.verify(publicKey: pk, alpha: alpha, proof: proof))
        } catch {
            throw .verificationFailed("invalid: \(error)")
        }
    }
}
