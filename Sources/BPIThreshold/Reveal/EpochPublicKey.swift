import BPIBLS
import BPICodec

/// The public result of a key generation, finalized on the chain (docs/SPEC.md §16.2): the
/// master key clients encrypt to, and each participant's public share, against which its key
/// shares are checked. Nobody knows the master secret.
public struct EpochPublicKey: Sendable, Equatable {
    /// Shares needed to reveal a decryption key.
    public let threshold: Int
    /// The master public key s·G2 (s = Σ qualified dealers' constant terms).
    public let masterKey: G2Point
    /// Participant j's public share s_j·G2, at position j − 1.
    public let shareKeys: [G2Point]

    /// Creates a key, refusing the identity as master key and a threshold outside 1…n.
    public init(threshold: Int, masterKey: G2Point, shareKeys: [G2Point]) throws(ThresholdError) {
        guard !shareKeys.isEmpty, (1...shareKeys.count).contains(threshold) else {
            throw .invalidParameters("threshold \(threshold) for \(shareKeys.count) participants")
        }
        guard !masterKey.isInfinity else { throw .invalidEncoding("the master key is the identity") }
        self.threshold = threshold
        self.masterKey = masterKey
        self.shareKeys = shareKeys
    }

    /// Whether `share` is participant `share.index`'s key share for `identity`:
    /// e(σ_j, G2) = e(H(id), PK_j).
    public func verifies(_ share: DecryptionKeyShare, for identity: EncryptionIdentity) -> Bool {
        guard share.index >= 1, Int(share.index) <= shareKeys.count, !share.point.isInfinity else { return false }
        return Pairing.productIsOne([(share.point, -G2Point.generator), (identity.point, shareKeys[Int(share.index) - 1])])
    }

    /// Splits shares into those that verify and the indices of those that do not (duplicates of
    /// an index already seen count as invalid). Checks all together by a random linear combination
    /// first — two pairings for any number of shares — and one by one only when that fails.
    public func partition(_ shares: [DecryptionKeyShare], for identity: EncryptionIdentity) -> (
        valid: [DecryptionKeyShare], invalid: [UInt32]
    ) {
        var seen = Set<UInt32>()
        var candidates: [DecryptionKeyShare] = []
        var invalid: [UInt32] = []
        for s in shares {
            if s.index >= 1, Int(s.index) <= shareKeys.count, !s.point.isInfinity, seen.insert(s.index).inserted {
                candidates.append(s)
            } else {
                invalid.append(s.index)
            }
        }
        if candidates.isEmpty || batchVerifies(candidates, identity) { return (candidates, invalid) }
        var valid: [DecryptionKeyShare] = []
        for s in candidates {
            if verifies(s, for: identity) { valid.append(s) } else { invalid.append(s.index) }
        }
        return (valid, invalid)
    }

    /// e(Σ c_i σ_i, −G2) · e(H(id), Σ c_i PK_i) = 1 for fresh random 64-bit c_i.
    private func batchVerifies(_ shares: [DecryptionKeyShare], _ identity: EncryptionIdentity) -> Bool {
        var rng = SystemRandomNumberGenerator()
        var sigma = G1Point.infinity
        var keys = G2Point.infinity
        for s in shares {
            let c: [UInt64] = [UInt64.random(in: 1...UInt64.max, using: &rng)]
            sigma = sigma + s.point.multiplied(byPublic: c)
            keys = keys + shareKeys[Int(s.index) - 1].multiplied(byPublic: c)
        }
        return Pairing.productIsOne([(sigma, -G2Point.generator), (identity.point, keys)])
    }

    /// The decryption key for `identity` from at least `threshold` key shares: the valid ones are
    /// combined by Lagrange interpolation at 0 in G1 (the first `threshold` of them by index).
    /// Throws `invalidShares` naming any that do not verify when too few valid ones remain.
    public func combine(_ shares: [DecryptionKeyShare], for identity: EncryptionIdentity) throws(ThresholdError) -> DecryptionKey
    {
        let (valid, invalid) = partition(shares, for: identity)
        guard valid.count >= threshold else {
            if !invalid.isEmpty { throw .invalidShares(invalid.sorted()) }
            throw .notEnoughShares(have: valid.count, need: threshold)
        }
        let chosen = valid.sorted { $0.index < $1.index }.prefix(threshold)
        let lambdas = try Lagrange.coefficientsAtZero(chosen.map(\.index))
        var key = G1Point.infinity
        for (s, l) in zip(chosen, lambdas) { key = key + s.point.multiplied(byPublic: l) }
        return DecryptionKey(point: key)
    }
}

extension EpochPublicKey: CBORCodable {
    /// `[1, threshold, masterKey(96), [PK_1 … PK_n] (96 bytes each)]`.
    public var cborFields: [CBOR] {
        [
            .unsigned(1), .unsigned(UInt64(threshold)), .bytes(masterKey.compressed),
            .array(shareKeys.map { .bytes($0.compressed) }),
        ]
    }

    /// Decodes; every point must be a G2 subgroup point and the master key not the identity.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("EpochPublicKey.version: only version 1 is defined") }
        let threshold = try f.nextUInt("threshold")
        func point(_ bytes: [UInt8], _ what: String) throws(CBORError) -> G2Point {
            guard bytes.count == 96, let p = try? G2Point(encoding: bytes) else {
                throw .schema("EpochPublicKey.\(what): not a compressed G2 subgroup point")
            }
            return p
        }
        let master = try point(try f.nextBytes("masterKey", count: 96), "masterKey")
        var keys: [G2Point] = []
        for item in try f.nextArrayItems("shareKeys", maxCount: ThresholdParameters.maxParticipants) {
            guard case .bytes(let b) = item else { throw .schema("EpochPublicKey.shareKeys: byte strings") }
            keys.append(try point(b, "shareKeys"))
        }
        guard threshold <= UInt64(keys.count) else { throw .schema("EpochPublicKey.threshold: above the participant count") }
        do {
            try self.init(threshold: Int(threshold), masterKey: master, shareKeys: keys)
        } catch {
            throw .schema("EpochPublicKey: \(error)")
        }
    }
}
