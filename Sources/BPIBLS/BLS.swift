/// The minimal-signature-size proof-of-possession scheme `BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_`
/// (draft-irtf-cfrg-bls-signature-05): signatures in G1 (48 bytes), public keys in G2 (96 bytes).
/// Rogue-key attacks are prevented by requiring a proof of possession for every key before its
/// use in `fastAggregateVerify`.
public enum BLS {
    /// The signature domain-separation tag.
    public static let signatureDST = Array("BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_".utf8)
    /// The proof-of-possession domain-separation tag.
    public static let proofOfPossessionDST = Array("BLS_POP_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_".utf8)

    static let negatedG2 = -G2Point.generator
    /// -G2 with its Miller-loop lines precomputed (every check pairs the signature with it).
    static let preparedNegatedG2 = Pairing.PreparedG2(negatedG2)

    /// Whether e(σ, -G2) · ∏ e(P_i, Q_i) = 1.
    static func check(signature: G1Point, _ pairs: [(G1Point, G2Point)]) -> Bool {
        Pairing.productIsOne(prepared: [(signature, preparedNegatedG2)] + pairs.map { ($0.0, Pairing.PreparedG2($0.1)) })
    }

    /// CoreVerify: e(σ, -G2) · e(H(m), pk) = 1.
    public static func verify(publicKey: BLSPublicKey, message: [UInt8], signature: BLSSignature) -> Bool {
        guard !signature.point.isInfinity, let h = try? SSWU.hashToG1(message, dst: signatureDST) else { return false }
        return check(signature: signature.point, [(h, publicKey.point)])
    }

    /// Aggregate: the sum of the signatures.
    public static func aggregate(_ signatures: [BLSSignature]) throws(BLSError) -> BLSSignature {
        guard !signatures.isEmpty else { throw .invalidAggregate("no signatures") }
        return BLSSignature(unchecked: signatures.dropFirst().reduce(signatures[0].point) { $0 + $1.point })
    }

    /// The sum of public keys (for FastAggregateVerify over one message).
    public static func aggregate(_ keys: [BLSPublicKey]) throws(BLSError) -> G2Point {
        guard !keys.isEmpty else { throw .invalidAggregate("no public keys") }
        return keys.dropFirst().reduce(keys[0].point) { $0 + $1.point }
    }

    /// FastAggregateVerify: every key signed the same message. Keys must have valid proofs of possession.
    public static func fastAggregateVerify(publicKeys: [BLSPublicKey], message: [UInt8], signature: BLSSignature) -> Bool {
        guard let sum = try? aggregate(publicKeys), !sum.isInfinity, !signature.point.isInfinity,
            let h = try? SSWU.hashToG1(message, dst: signatureDST)
        else { return false }
        return check(signature: signature.point, [(h, sum)])
    }

    /// Verifies a signature against an already aggregated public key (the caller is responsible for
    /// the keys' proofs of possession and for the aggregate not being the identity).
    public static func verify(aggregateKey: G2Point, message: [UInt8], signature: BLSSignature) -> Bool {
        guard !aggregateKey.isInfinity, !signature.point.isInfinity, let h = try? SSWU.hashToG1(message, dst: signatureDST) else {
            return false
        }
        return check(signature: signature.point, [(h, aggregateKey)])
    }

    /// Whether every (aggregate key, message, signature) triple verifies, checked together by a
    /// random linear combination with fresh 64-bit coefficients: one multi-Miller loop and one
    /// final exponentiation. A false result means at least one triple is invalid.
    public static func verifyAll(_ triples: [(aggregateKey: G2Point, message: [UInt8], signature: BLSSignature)]) -> Bool {
        var hashes: [G1Point] = []
        for t in triples {
            guard !t.aggregateKey.isInfinity, !t.signature.point.isInfinity,
                let h = try? SSWU.hashToG1(t.message, dst: signatureDST)
            else {
                return false
            }
            hashes.append(h)
        }
        let r = randomCoefficients(triples.count)
        let pairs = triples.indices.map { (hashes[$0].multiplied(byPublic: [r[$0]]), triples[$0].aggregateKey) }
        return check(signature: combination(triples.map(\.signature.point), r), pairs)
    }

    /// One commit in `verifyAll(aggregateOf:)`: the full set's keys minus the listed non-signers.
    public struct SubsetCheck: Sendable {
        /// Indices (into the prepared keys) of the validators that did not sign.
        public var missing: [Int]
        /// The signed message.
        public var message: [UInt8]
        /// The aggregate signature.
        public var signature: BLSSignature

        /// Creates a check.
        public init(missing: [Int], message: [UInt8], signature: BLSSignature) {
            self.missing = missing
            self.message = message
            self.signature = signature
        }
    }

    /// Batch check of commits that are each signed by a whole validator set except a few: by
    /// bilinearity, e(rH, full − Σ pk_m) = e(rH, full) · ∏ e(−rH, pk_m), and the terms of one
    /// missing validator m across the batch combine as e(−Σ_{i: m missing in i} r_i·H_i, pk_m) — so
    /// the batch needs one pairing with the prepared full aggregate and one per validator missing
    /// from any commit (not one per missing signature) with that validator's prepared key.
    /// `keys(i)` returns validator i's prepared key.
    public static func verifyAll(
        aggregateOf full: Pairing.PreparedG2, _ checks: [SubsetCheck], keys: (Int) -> Pairing.PreparedG2
    ) -> Bool {
        guard let sums = SubsetSums(checks) else { return false }
        return withoutActuallyEscaping(keys) { keys in verify([(sums, full, keys)]) }
    }

    /// AggregateVerify: key i signed message i; one shared Miller loop and final exponentiation.
    public static func aggregateVerify(publicKeys: [BLSPublicKey], messages: [[UInt8]], signature: BLSSignature) -> Bool {
        guard !publicKeys.isEmpty, publicKeys.count == messages.count, !signature.point.isInfinity else { return false }
        var pairs: [(G1Point, G2Point)] = []
        for (key, message) in zip(publicKeys, messages) {
            guard let h = try? SSWU.hashToG1(message, dst: signatureDST) else { return false }
            pairs.append((h, key.point))
        }
        return check(signature: signature.point, pairs)
    }

    /// PopVerify: the proof is sk·H_pop(pk).
    public static func verifyProofOfPossession(publicKey: BLSPublicKey, proof: BLSSignature) -> Bool {
        guard !proof.point.isInfinity, let h = try? SSWU.hashToG1(publicKey.compressed, dst: proofOfPossessionDST) else {
            return false
        }
        return check(signature: proof.point, [(h, publicKey.point)])
    }

    /// Whether every (key, proof of possession) pair verifies (PopVerify for each), checked together
    /// by a random linear combination with fresh 64-bit coefficients — one multi-Miller loop and one
    /// final exponentiation for the lot (a light client checks a whole validator set's proofs at
    /// start). A false result means at least one proof is invalid (check them one by one to say which).
    public static func verifyProofsOfPossession(_ pairs: [(publicKey: BLSPublicKey, proof: BLSSignature)]) -> Bool {
        var hashes: [G1Point] = []
        for p in pairs {
            guard !p.proof.point.isInfinity, let h = try? SSWU.hashToG1(p.publicKey.compressed, dst: proofOfPossessionDST) else {
                return false
            }
            hashes.append(h)
        }
        let r = randomCoefficients(pairs.count)
        let terms = pairs.indices.map { (hashes[$0].multiplied(byPublic: [r[$0]]), pairs[$0].publicKey.point) }
        return check(signature: combination(pairs.map(\.proof.point), r), terms)
    }

    /// Fresh nonzero 64-bit coefficients for a random linear combination of `count` checks: a
    /// batch with an invalid member passes only when they cancel its error (probability about 2⁻⁶⁴).
    static func randomCoefficients(_ count: Int) -> [UInt64] {
        var rng = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt64.random(in: 1...UInt64.max, using: &rng) }
    }

    /// Σ rᵢ·pointsᵢ by one multi-scalar multiplication (Pippenger over the 64-bit coefficients).
    static func combination(_ points: [G1Point], _ r: [UInt64]) -> G1Point {
        G1Point.multiScalarMultiplication(points, scalars: r.map { [$0, 0, 0, 0] })
    }

    /// One (key, message, signature) triple of a batch.
    public struct BatchEntry: Sendable {
        public var publicKey: BLSPublicKey
        public var message: [UInt8]
        public var signature: BLSSignature

        /// Creates an entry.
        public init(publicKey: BLSPublicKey, message: [UInt8], signature: BLSSignature) {
            self.publicKey = publicKey
            self.message = message
            self.signature = signature
        }
    }

    /// Verifies many independent signatures at once by a random linear combination:
    /// e(Σ rᵢσᵢ, -G2) · ∏ e(rᵢH(mᵢ), pkᵢ) = 1 with fresh random 64-bit rᵢ. When the batch fails,
    /// each entry is checked alone and the indices of the bad ones are returned (empty = all valid).
    public static func batchVerify(_ entries: [BatchEntry]) -> [Int] {
        if entries.isEmpty || verifyAll(entries.map { ($0.publicKey.point, $0.message, $0.signature) }) { return [] }
        return entries.indices.filter {
            !verify(publicKey: entries[$0].publicKey, message: entries[$0].message, signature: entries[$0].signature)
        }
    }
}
