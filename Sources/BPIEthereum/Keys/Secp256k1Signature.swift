import CSecp256k1

/// An ECDSA signature over secp256k1 with its recovery id, as Ethereum transactions carry it:
/// r and s (32 bytes each, big-endian; s in the lower half of the order, EIP-2) and y-parity.
public struct Secp256k1Signature: Sendable, Equatable {
    public let r: [UInt8]
    public let s: [UInt8]
    /// The parity of R's y coordinate (0 or 1): which of two keys the signature recovers to.
    public let yParity: UInt8

    /// Checks the ranges: r and s of 32 bytes, non-zero, below the order, s low; parity 0 or 1.
    public init(r: [UInt8], s: [UInt8], yParity: UInt8) throws(EthereumError) {
        guard r.count == 32, s.count == 32 else { throw .invalidSignature("r and s must be 32 bytes") }
        guard yParity <= 1 else { throw .invalidSignature("y-parity \(yParity) is not 0 or 1") }
        var parsed = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_parse_compact(Secp256k1Context.shared.pointer, &parsed, r + s) == 1,
            r.contains(where: { $0 != 0 }), s.contains(where: { $0 != 0 })
        else { throw .invalidSignature("r or s is zero or not below the group order") }
        var normalized = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_normalize(Secp256k1Context.shared.pointer, &normalized, &parsed) == 0 else {
            throw .invalidSignature("s is in the upper half of the order (EIP-2)")
        }
        self.r = r
        self.s = s
        self.yParity = yParity
    }

    /// The uncompressed public key (65 bytes) that signed `digest`, or an error when none recovers.
    public func recoverPublicKey(digest: [UInt8]) throws(EthereumError) -> [UInt8] {
        guard digest.count == 32 else { throw .invalidSignature("the digest must be 32 bytes") }
        let ctx = Secp256k1Context.shared.pointer
        var sig = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, r + s, Int32(yParity)) == 1 else {
            throw .invalidSignature("does not parse")
        }
        var key = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(ctx, &key, &sig, digest) == 1 else {
            throw .invalidSignature("no public key recovers from it")
        }
        var out = [UInt8](repeating: 0, count: 65)
        var count = 65
        _ = secp256k1_ec_pubkey_serialize(ctx, &out, &count, &key, UInt32(SECP256K1_EC_UNCOMPRESSED))
        return out
    }

    /// The address that signed `digest`.
    public func recoverAddress(digest: [UInt8]) throws(EthereumError) -> EthereumAddress {
        EthereumAddress(uncompressedPublicKey: try recoverPublicKey(digest: digest))
    }
}
