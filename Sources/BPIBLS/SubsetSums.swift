extension BLS {
    /// A batch of `SubsetCheck`s reduced to the G1 points its pairing check needs: Σ rᵢ·σᵢ, Σ rᵢ·H(mᵢ)
    /// and, for each validator m missing from some commit, Σ rᵢ·H(mᵢ) over the commits it is
    /// missing from (fresh 64-bit coefficients rᵢ). Sums of batches signed by one set add up
    /// (`merge`), so a light client checks a whole chain's commits by one multi-pairing with a
    /// pairing per set and per validator ever missing (`verify`) — not one per commit — and falls
    /// back to smaller batches only when that fails.
    public struct SubsetSums: Sendable {
        /// Σ rᵢ·σᵢ.
        public private(set) var signatures: G1Point
        /// Σ rᵢ·H(mᵢ).
        public private(set) var hashes: G1Point
        /// Validator index → Σ rᵢ·H(mᵢ) over the commits it did not sign.
        public private(set) var missed: [Int: G1Point]

        /// The sums of `checks`, or nil when a signature is the identity or a message does not hash.
        public init?(_ checks: [SubsetCheck]) {
            var h: [G1Point] = []
            h.reserveCapacity(checks.count)
            for c in checks {
                guard !c.signature.point.isInfinity, let point = try? SSWU.hashToG1(c.message, dst: signatureDST) else {
                    return nil
                }
                h.append(point)
            }
            let r = randomCoefficients(checks.count)
            var missed: [Int: G1Point] = [:]
            for (i, c) in checks.enumerated() where !c.missing.isEmpty {
                let rh = h[i].multiplied(byPublic: [r[i]])
                for m in c.missing { missed[m] = missed[m].map { $0 + rh } ?? rh }
            }
            signatures = combination(checks.map(\.signature.point), r)
            hashes = combination(h, r)
            self.missed = missed
        }

        /// Adds the sums of another batch signed by the same set.
        public mutating func merge(_ other: SubsetSums) {
            signatures = signatures + other.signatures
            hashes = hashes + other.hashes
            for (m, sum) in other.missed { missed[m] = missed[m].map { $0 + sum } ?? sum }
        }
    }

    /// Whether every batch summed in `sets` verifies: e(Σσ, −G2) · ∏ over sets [e(ΣH, full) ·
    /// ∏ₘ e(−missedₘ, pkₘ)] = 1, one multi-Miller loop and one final exponentiation. Each set
    /// gives its sums, its prepared full aggregate and its validators' prepared keys.
    public static func verify(
        _ sets: [(sums: SubsetSums, full: Pairing.PreparedG2, keys: (Int) -> Pairing.PreparedG2)]
    ) -> Bool {
        guard !sets.isEmpty else { return true }
        var sigma = G1Point.infinity
        var pairs: [(G1Point, Pairing.PreparedG2)] = []
        for set in sets {
            sigma = sigma + set.sums.signatures
            pairs.append((set.sums.hashes, set.full))
            for m in set.sums.missed.keys.sorted() { pairs.append((-set.sums.missed[m]!, set.keys(m))) }
        }
        return Pairing.productIsOne(prepared: [(sigma, preparedNegatedG2)] + pairs)
    }
}
