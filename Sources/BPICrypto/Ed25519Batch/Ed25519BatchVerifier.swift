import CSodium

/// Verifies many Ed25519 signatures at once (docs/SPEC.md §5): with random 128-bit z_i, checks
/// `[8](Σ z_i·R_i + Σ (z_i·k_i)·A_i − (Σ z_i·S_i)·B) = O` by one multi-scalar multiplication
/// (Straus, 4-bit windows), signatures by the same key sharing one point. A forged signature passes
/// with probability at most 2^−128 over the z_i. Like single verification it refuses non-canonical
/// R, S ≥ L, and small-order keys and R; unlike it, the equation is cofactored, so a signature whose
/// R carries a torsion component (which only the key's owner can make) may pass here and fail
/// alone. Callers that need the culprit re-check one by one when a batch fails.
public enum Ed25519BatchVerifier {
    /// One signature to check.
    public struct Item: Sendable {
        public var signature: [UInt8]
        public var message: [UInt8]
        public var key: Ed25519PublicKey

        /// An item.
        public init(signature: [UInt8], message: [UInt8], key: Ed25519PublicKey) {
            self.signature = signature
            self.message = message
            self.key = key
        }
    }

    /// Whether every item verifies (true for none).
    public static func verify(_ items: [Item]) -> Bool {
        guard !items.isEmpty else { return true }
        _ = Sodium.ready
        var terms: [(point: EdwardsPoint, scalar: [UInt8])] = []
        terms.reserveCapacity(items.count + 2)
        var keyIndex: [[UInt8]: Int] = [:]
        var keyScalars: [[UInt8]] = []
        var keyPoints: [EdwardsPoint] = []
        var sSum = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for item in items {
            let sig = item.signature
            guard sig.count == 64, Ed25519Encoding.isCanonicalPoint(sig[0..<32]), Ed25519Encoding.isCanonicalScalar(sig[32..<64])
            else { return false }
            let rBytes = Array(sig[0..<32])
            guard let r = EdwardsPoint(decoding: rBytes), !r.hasSmallOrder else { return false }
            let keyBytes = item.key.bytes
            let index: Int
            if let i = keyIndex[keyBytes] {
                index = i
            } else {
                guard let a = EdwardsPoint(decoding: keyBytes), !a.hasSmallOrder else { return false }
                index = keyPoints.count
                keyIndex[keyBytes] = index
                keyPoints.append(a)
                keyScalars.append([UInt8](repeating: 0, count: 32))
            }
            // k = SHA-512(R ‖ A ‖ M) mod L.
            var digest = [UInt8](repeating: 0, count: 64)
            var state = crypto_hash_sha512_state()
            crypto_hash_sha512_init(&state)
            crypto_hash_sha512_update(&state, rBytes, 32)
            crypto_hash_sha512_update(&state, keyBytes, 32)
            item.message.withUnsafeBufferPointer { crypto_hash_sha512_update(&state, $0.baseAddress, UInt64($0.count)) }
            crypto_hash_sha512_final(&state, &digest)
            var k = [UInt8](repeating: 0, count: 32)
            crypto_core_ed25519_scalar_reduce(&k, digest)
            // z: 128 random bits.
            var z = [UInt8](repeating: 0, count: 32)
            for i in 0..<2 {
                let w = rng.next()
                for j in 0..<8 { z[8 * i + j] = UInt8(truncatingIfNeeded: w >> (8 * UInt64(j))) }
            }
            var zk = [UInt8](repeating: 0, count: 32)
            crypto_core_ed25519_scalar_mul(&zk, z, k)
            var sum = [UInt8](repeating: 0, count: 32)
            crypto_core_ed25519_scalar_add(&sum, keyScalars[index], zk)
            keyScalars[index] = sum
            var zs = [UInt8](repeating: 0, count: 32)
            crypto_core_ed25519_scalar_mul(&zs, z, Array(sig[32..<64]))
            var total = [UInt8](repeating: 0, count: 32)
            crypto_core_ed25519_scalar_add(&total, sSum, zs)
            sSum = total
            terms.append((r, z))
        }
        for (i, point) in keyPoints.enumerated() { terms.append((point, keyScalars[i])) }
        var negated = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_negate(&negated, sSum)
        terms.append((EdwardsPoint.base, negated))
        return multiScalarMultiplication(terms).hasSmallOrder
    }

    /// Σ scalar_i·P_i (scalars little-endian, < 2^256), Straus with 4-bit windows.
    static func multiScalarMultiplication(_ terms: [(point: EdwardsPoint, scalar: [UInt8])]) -> EdwardsPoint {
        // Windows each term needs: scalars below 2^128 (the z_i) need 32, others 64.
        var tables: [[EdwardsPoint]] = []
        var windows: [Int] = []
        tables.reserveCapacity(terms.count)
        for term in terms {
            var table = [EdwardsPoint](repeating: .identity, count: 16)
            table[1] = term.point
            table[2] = term.point.doubled()
            for d in 3..<16 { table[d] = table[d - 1] + term.point }
            tables.append(table)
            let top = term.scalar.lastIndex { $0 != 0 } ?? -1
            windows.append(2 * (top + 1))
        }
        let most = windows.max() ?? 0
        var acc = EdwardsPoint.identity
        var started = false
        for w in stride(from: most - 1, through: 0, by: -1) {
            if started { acc = acc.doubled().doubled().doubled().doubled() }
            for (i, term) in terms.enumerated() where windows[i] > w {
                let digit = Int(term.scalar[w / 2] >> (4 * UInt8(w % 2))) & 15
                if digit != 0 {
                    acc = started ? acc + tables[i][digit] : tables[i][digit]
                    started = true
                }
            }
        }
        return acc
    }
}
