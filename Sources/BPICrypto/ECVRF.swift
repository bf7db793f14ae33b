import CSodium

/// ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381 §5.5): a verifiable random function. The prover
/// turns an input `alpha` into a 64-byte output `beta` that anyone holding the public key can
/// check through an 80-byte proof, and nobody can predict without the secret key. Proposer
/// selection draws its randomness from it.
///
/// Strictness beyond the RFC (documented in docs/SPEC.md §4): public keys and Gamma must be in
/// the prime-order subgroup (not merely "not small order"), and proofs with `c = 0` or `s = 0`
/// are refused; honest provers never produce either.
public enum ECVRF {
    /// Proof length: Gamma (32) ‖ c (16) ‖ s (32).
    public static let proofLength = 80
    /// Output (beta) length.
    public static let outputLength = 64
    /// Public key length.
    public static let publicKeyLength = 32

    static let suite: UInt8 = 0x03
    static let identity: [UInt8] = [1] + [UInt8](repeating: 0, count: 31)

    /// A VRF key pair from a 32-byte secret seed (RFC 8032 §5.1.5 key expansion).
    public struct SecretKey: Sendable {
        /// The seed (never printed).
        public let seed: SecretBytes
        /// The public key `Y = x·B`.
        public let publicKey: [UInt8]
        let scalar: SecretBytes  // x, clamped
        let nonceKey: SecretBytes  // second half of SHA-512(seed)

        /// The key pair for `seed`.
        public init(seed: [UInt8]) throws(CryptoError) {
            try CryptoError.requireLength("VRF secret key", seed, 32)
            _ = Sodium.ready
            var h = ECVRF.sha512(seed)
            h[0] &= 248
            h[31] &= 127
            h[31] |= 64
            self.seed = SecretBytes(seed)
            scalar = SecretBytes(Array(h[0..<32]))
            nonceKey = SecretBytes(Array(h[32..<64]))
            var y = [UInt8](repeating: 0, count: 32)
            _ = crypto_scalarmult_ed25519_base_noclamp(&y, scalar.bytes)
            publicKey = y
            h.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
        }

        /// A fresh random key pair.
        public static func generate() -> SecretKey { try! SecretKey(seed: Sodium.randomBytes(32)) }
    }

    /// `ECVRF_prove`: the 80-byte proof for `alpha`.
    public static func prove(_ key: SecretKey, alpha: [UInt8]) -> [UInt8] {
        let h = encodeToCurve(publicKey: key.publicKey, alpha: alpha)
        let x = key.scalar.bytes
        let gamma = try! multiply(x, h)
        var kWide = sha512(key.nonceKey.bytes + h)
        var k = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_reduce(&k, &kWide)
        // k = 0 has probability 2^-252; then U and V would be the identity, which libsodium refuses.
        let u = try! multiplyBase(k)
        let v = try! multiply(k, h)
        let c = challenge(key.publicKey, h, gamma, u, v)
        var xWide = x + [UInt8](repeating: 0, count: 32)
        var xReduced = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_reduce(&xReduced, &xWide)
        var cx = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_mul(&cx, c + [UInt8](repeating: 0, count: 16), xReduced)
        var s = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_add(&s, k, cx)
        for i in kWide.indices { kWide[i] = 0 }
        for i in k.indices { k[i] = 0 }
        for i in xWide.indices { xWide[i] = 0 }
        return gamma + c + s
    }

    /// A VRF public key checked once (canonical, prime-order subgroup), for verifying many proofs.
    public struct PublicKey: Sendable, Equatable {
        /// The 32-byte encoding.
        public let bytes: [UInt8]

        /// Validates an encoded key.
        public init(_ bytes: [UInt8]) throws(CryptoError) {
            _ = Sodium.ready
            try CryptoError.requireLength("VRF public key", bytes, publicKeyLength)
            guard crypto_core_ed25519_is_valid_point(bytes) == 1 else {
                throw .invalidPublicKey("not a canonical point of the prime-order subgroup")
            }
            self.bytes = bytes
        }
    }

    /// `ECVRF_verify`: beta when `proof` shows `alpha` was evaluated under `publicKey`.
    public static func verify(publicKey: [UInt8], alpha: [UInt8], proof: [UInt8]) throws(CryptoError) -> [UInt8] {
        try verify(publicKey: try PublicKey(publicKey), alpha: alpha, proof: proof)
    }

    /// `ECVRF_verify` with an already validated key.
    public static func verify(publicKey key: PublicKey, alpha: [UInt8], proof: [UInt8]) throws(CryptoError) -> [UInt8] {
        let publicKey = key.bytes
        try CryptoError.requireLength("VRF proof", proof, proofLength)
        let gamma = Array(proof[0..<32])
        let c = Array(proof[32..<48])
        let s = Array(proof[48..<80])
        guard crypto_core_ed25519_is_valid_point(gamma) == 1 else { throw .invalidSignature("Gamma is not a valid point") }
        guard Ed25519Encoding.isCanonicalScalar(s) else { throw .invalidSignature("s is not reduced modulo the group order") }
        let h = encodeToCurve(publicKey: publicKey, alpha: alpha)
        let c32 = c + [UInt8](repeating: 0, count: 16)
        do {
            let u = try subtract(try multiplyBase(s), try multiply(c32, publicKey))
            let v = try subtract(try multiply(s, h), try multiply(c32, gamma))
            guard challenge(publicKey, h, gamma, u, v) == c else { throw CryptoError.invalidSignature("challenge mismatch") }
        } catch {
            throw .invalidSignature("VRF proof does not verify")
        }
        return outputFromGamma(gamma)
    }

    /// `ECVRF_proof_to_hash`: beta from a proof, without verifying it (use `verify` on untrusted proofs).
    public static func proofToHash(_ proof: [UInt8]) throws(CryptoError) -> [UInt8] {
        _ = Sodium.ready
        try CryptoError.requireLength("VRF proof", proof, proofLength)
        let gamma = Array(proof[0..<32])
        guard crypto_core_ed25519_is_valid_point(gamma) == 1 else { throw .invalidSignature("Gamma is not a valid point") }
        return outputFromGamma(gamma)
    }

    // MARK: RFC 9381 building blocks

    static func outputFromGamma(_ gamma: [UInt8]) -> [UInt8] {
        sha512([suite, 0x03] + timesCofactor(gamma)! + [0x00])
    }

    /// §5.4.1.1 try-and-increment with `encode_to_curve_salt = PK`.
    static func encodeToCurve(publicKey: [UInt8], alpha: [UInt8]) -> [UInt8] {
        let prefix = [suite, 0x01] + publicKey + alpha
        for counter in 0...255 {
            let candidate = Array(sha512(prefix + [UInt8(counter), 0x00])[0..<32])
            if let h = timesCofactor(candidate), h != identity { return h }
        }
        // Each try succeeds with probability about 1/2; 256 failures have probability 2^-256.
        preconditionFailure("ECVRF encode_to_curve found no point in 256 tries")
    }

    /// `8·P` for an RFC 8032 point encoding, or nil if the encoding is invalid. Works for points
    /// outside the prime-order subgroup (libsodium's point addition only checks the curve equation).
    static func timesCofactor(_ encoding: [UInt8]) -> [UInt8]? {
        guard Ed25519Encoding.isCanonicalPoint(encoding) else { return nil }
        // RFC 8032 §5.1.3: x = 0 with the sign bit set is invalid (y = 1 or y = p - 1).
        var y = encoding
        y[31] &= 0x7F
        let minusOne: [UInt8] = [0xEC] + [UInt8](repeating: 0xFF, count: 30) + [0x7F]
        if encoding[31] & 0x80 != 0 && (y == identity || y == minusOne) { return nil }
        var p = encoding
        var doubled = [UInt8](repeating: 0, count: 32)
        for _ in 0..<3 {
            guard crypto_core_ed25519_add(&doubled, p, p) == 0 else { return nil }
            p = doubled
        }
        return p
    }

    /// §5.4.3 challenge generation over five points, truncated to 16 bytes.
    static func challenge(_ p1: [UInt8], _ p2: [UInt8], _ p3: [UInt8], _ p4: [UInt8], _ p5: [UInt8]) -> [UInt8] {
        Array(sha512([suite, 0x02] + p1 + p2 + p3 + p4 + p5 + [0x00])[0..<16])
    }

    static func sha512(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        crypto_hash_sha512(&out, bytes, UInt64(bytes.count))
        return out
    }

    static func multiply(_ scalar: [UInt8], _ point: [UInt8]) throws(CryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        guard crypto_scalarmult_ed25519_noclamp(&out, scalar, point) == 0 else {
            throw .invalidSignature("scalar multiplication refused")
        }
        return out
    }

    static func multiplyBase(_ scalar: [UInt8]) throws(CryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        guard crypto_scalarmult_ed25519_base_noclamp(&out, scalar) == 0 else {
            throw .invalidSignature("scalar multiplication refused")
        }
        return out
    }

    static func subtract(_ a: [UInt8], _ b: [UInt8]) throws(CryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        guard crypto_core_ed25519_sub(&out, a, b) == 0 else { throw .invalidSignature("point subtraction refused") }
        return out
    }
}
