import BPICodec
import BPICrypto
import BPIToolKit

/// `bpi aead seal|open`: XChaCha20-Poly1305 with a random 192-bit nonce; sealed form is
/// `nonce(24) ‖ ciphertext ‖ tag(16)`.
public enum AEADTool {
    static func hex(_ text: String, _ what: String) throws(ToolError) -> [UInt8] {
        do {
            return try Hex.decode(text)
        } catch {
            throw .badInput("\(what): \(error)")
        }
    }

    /// Seals `input`; `key` must be 32 bytes of hex.
    public static func seal(keyHex: String, adHex: String?, input: [UInt8]) throws(ToolError) -> [UInt8] {
        let key = try hex(keyHex, "--key-hex")
        let ad = try hex(adHex ?? "", "--ad-hex")
        do {
            return try XChaCha20Poly1305.sealWithRandomNonce(input, key: key, associatedData: ad)
        } catch {
            throw .badInput(error.description)
        }
    }

    /// Opens a sealed box; a failed authentication is `.verificationFailed` (exit 1, nothing written).
    public static func open(keyHex: String, adHex: String?, input: [UInt8]) throws(ToolError) -> [UInt8] {
        let key = try hex(keyHex, "--key-hex")
        let ad = try hex(adHex ?? "", "--ad-hex")
        // A sealed box is a 24-byte nonce, the ciphertext and a 16-byte tag: anything shorter is
        // not a box at all (malformed input), not a box that failed to open.
        guard input.count >= 24 + 16 else {
            throw .badInput("a sealed box is at least 40 bytes (24-byte nonce, 16-byte tag); got \(input.count)")
        }
        do {
            return try XChaCha20Poly1305.openWithNonce(input, key: key, associatedData: ad)
        } catch .authenticationFailed {
            throw .verificationFailed(CryptoError.authenticationFailed.description)
        } catch {
            throw .badInput(error.description)
        }
    }

    /// Input as given, or decoded from hex (whitespace ignored) when `hex` is set.
    public static func decodeInput(_ bytes: [UInt8], hex isHex: Bool) throws(ToolError) -> [UInt8] {
        guard isHex else { return bytes }
        return try hex(String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }, "stdin")
    }
}
