import BPIBLS
import BPICodec
import BPIToolKit

/// `bpi bls …`: BLS12-381 minimal-signature-size PoP signatures from the command line.
public enum BLSTool {
    static func bytes(_ hex: String, _ what: String) throws(ToolError) -> [UInt8] { try AEADTool.hex(hex, what) }

    static func decode<T>(_ what: String, _ body: () throws(BLSError) -> T) throws(ToolError) -> T {
        try ToolError.mapping(what, body)
    }

    /// (secret key hex, public key hex); from `ikmHex` when given (≥ 32 bytes), else random.
    public static func keygen(ikmHex: String?) throws(ToolError) -> (secret: String, public: String) {
        let sk: BLSSecretKey
        if let ikmHex {
            let ikm = try bytes(ikmHex, "--ikm-hex")
            sk = try decode("--ikm-hex") { () throws(BLSError) in try BLSSecretKey(keyMaterial: ikm) }
        } else {
            sk = BLSSecretKey.generate()
        }
        return (Hex.encode(sk.bytes), Hex.encode(sk.publicKey.compressed))
    }

    static func secretKey(_ hex: String) throws(ToolError) -> BLSSecretKey {
        let b = try bytes(hex, "--sk-hex")
        return try decode("--sk-hex") { () throws(BLSError) in try BLSSecretKey(bytes: b) }
    }

    static func publicKey(_ hex: String) throws(ToolError) -> BLSPublicKey {
        let b = try bytes(hex, "--pk-hex")
        return try decode("--pk-hex") { () throws(BLSError) in try BLSPublicKey(compressed: b) }
    }

    static func signature(_ hex: String, _ what: String) throws(ToolError) -> BLSSignature {
        let b = try bytes(hex, what)
        return try decode(what) { () throws(BLSError) in try BLSSignature(compressed: b) }
    }

    /// The 48-byte signature (hex).
    public static func sign(secretHex: String, messageHex: String) throws(ToolError) -> String {
        Hex.encode(try secretKey(secretHex).sign(try bytes(messageHex, "--msg-hex")).compressed)
    }

    /// Verifies; throws `.verificationFailed` when the signature does not verify.
    public static func verify(publicHex: String, messageHex: String, signatureHex: String) throws(ToolError) {
        let pk = try publicKey(publicHex)
        let sig = try signature(signatureHex, "--sig-hex")
        guard BLS.verify(publicKey: pk, message: try bytes(messageHex, "--msg-hex"), signature: sig) else {
            throw .verificationFailed("invalid: the signature does not verify for this key and message")
        }
    }

    /// The aggregate (hex) of signatures given as hex.
    public static func aggregate(_ signatureHexes: [String]) throws(ToolError) -> String {
        guard !signatureHexes.isEmpty else { throw .badInput("give at least one signature") }
        var sigs: [BLSSignature] = []
        for (i, h) in signatureHexes.enumerated() { sigs.append(try signature(h, "signature \(i + 1)")) }
        return Hex.encode(try decode("aggregate") { () throws(BLSError) in try BLS.aggregate(sigs) }.compressed)
    }

    /// The proof of possession (hex).
    public static func popProve(secretHex: String) throws(ToolError) -> String {
        Hex.encode(try secretKey(secretHex).proveProofOfPossession().compressed)
    }

    /// Verifies a proof of possession; throws `.verificationFailed` when it does not verify.
    public static func popVerify(publicHex: String, proofHex: String) throws(ToolError) {
        guard BLS.verifyProofOfPossession(publicKey: try publicKey(publicHex), proof: try signature(proofHex, "--proof-hex"))
        else {
            throw .verificationFailed("invalid: the proof of possession does not verify for this key")
        }
    }

    /// hash_to_G1 (compressed hex, and affine coordinates).
    public static func hashToG1(messageHex: String, dst: String?) throws(ToolError) -> (compressed: String, x: String, y: String)
    {
        let message = try bytes(messageHex, "--msg-hex")
        let point = try decode("--dst") { () throws(BLSError) in
            try SSWU.hashToG1(message, dst: dst.map { Array($0.utf8) } ?? BLS.signatureDST)
        }
        let a = point.affine!
        return (Hex.encode(point.compressed), Hex.encode(a.x.bigEndianBytes), Hex.encode(a.y.bigEndianBytes))
    }
}
