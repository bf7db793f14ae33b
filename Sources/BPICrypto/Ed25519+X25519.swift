import CSodium

extension Ed25519PublicKey {
    /// The X25519 (Montgomery-form) public key of the same curve point, u = (1 + y) / (1 − y)
    /// (RFC 7748 §4.1's birational map, libsodium's `crypto_sign_ed25519_pk_to_curve25519`). Key
    /// generation uses it to encrypt shares to validators that are known only by their identity
    /// key (docs/SPEC.md §16.2); the matching secret is `Ed25519PrivateKey.x25519PrivateKey`.
    public var x25519PublicKey: [UInt8] {
        _ = Sodium.ready
        var out = [UInt8](repeating: 0, count: 32)
        let rc = bytes.withUnsafeBufferPointer { pk in
            out.withUnsafeMutableBufferPointer { crypto_sign_ed25519_pk_to_curve25519($0.baseAddress!, pk.baseAddress!) }
        }
        // A key that passed Ed25519PublicKey's checks is a canonical point of the curve, which
        // libsodium converts; a refusal would be a small-order point, whose u is then left zero
        // and any DH with it fails as a low-order shared secret.
        if rc != 0 { return [UInt8](repeating: 0, count: 32) }
        return out
    }
}

extension Ed25519PrivateKey {
    /// The X25519 private key of the same secret scalar: the first half of SHA-512(seed) (libsodium's
    /// `crypto_sign_ed25519_sk_to_curve25519`; X25519 clamps it). Its public key is
    /// `publicKey.x25519PublicKey`.
    public var x25519PrivateKey: SecretBytes {
        _ = Sodium.ready
        var expanded = [UInt8](repeating: 0, count: 64)
        var out = [UInt8](repeating: 0, count: 32)
        seed.withUnsafeBytes { s in
            expanded.replaceSubrange(0..<32, with: s)
        }
        expanded.replaceSubrange(32..<64, with: publicKey.bytes)
        _ = expanded.withUnsafeBufferPointer { sk in
            out.withUnsafeMutableBufferPointer { crypto_sign_ed25519_sk_to_curve25519($0.baseAddress!, sk.baseAddress!) }
        }
        for i in expanded.indices { expanded[i] = 0 }
        return SecretBytes(out)
    }
}
