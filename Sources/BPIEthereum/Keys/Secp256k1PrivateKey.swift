import CSecp256k1

/// A secp256k1 private key that signs Ethereum transactions (the anchor client's L1 account).
/// Signing is libsecp256k1's: RFC 6979 deterministic nonces, constant time, low s.
public struct Secp256k1PrivateKey: Sendable {
    /// The 32-byte scalar. Never logged; key files holding it are mode 0600.
    public let secret: [UInt8]
    /// The uncompressed public key (65 bytes, 0x04 first).
    public let publicKey: [UInt8]

    /// From a 32-byte scalar in [1, n − 1].
    public init(secret: [UInt8]) throws(EthereumError) {
        let ctx = Secp256k1Context.shared.pointer
        guard secret.count == 32, secp256k1_ec_seckey_verify(ctx, secret) == 1 else { throw .invalidPrivateKey }
        var key = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_create(ctx, &key, secret) == 1 else { throw .invalidPrivateKey }
        var out = [UInt8](repeating: 0, count: 65)
        var count = 65
        _ = secp256k1_ec_pubkey_serialize(ctx, &out, &count, &key, UInt32(SECP256K1_EC_UNCOMPRESSED))
        self.secret = secret
        publicKey = out
    }

    /// A fresh random key.
    public static func generate() -> Secp256k1PrivateKey {
        var rng = SystemRandomNumberGenerator()
        while true {
            let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if let key = try? Secp256k1PrivateKey(secret: bytes) { return key }
        }
    }

    /// The account's address.
    public var address: EthereumAddress { EthereumAddress(uncompressedPublicKey: publicKey) }

    /// Signs a 32-byte digest.
    public func sign(digest: [UInt8]) throws(EthereumError) -> Secp256k1Signature {
        guard digest.count == 32 else { throw .invalidSignature("the digest must be 32 bytes") }
        let ctx = Secp256k1Context.shared.pointer
        var sig = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_sign_recoverable(ctx, &sig, digest, secret, nil, nil) == 1 else { throw .invalidPrivateKey }
        var compact = [UInt8](repeating: 0, count: 64)
        var recid: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, &compact, &recid, &sig)
        return try Secp256k1Signature(r: Array(compact[0..<32]), s: Array(compact[32..<64]), yParity: UInt8(recid))
    }
}
