extension Fp12 {
    /// The canonical 576-byte encoding of an F_p¹² element (a pairing value): its twelve F_p
    /// coefficients as 48-byte big-endian integers, in the tower order c0.c0.c0, c0.c0.c1,
    /// c0.c1.c0, …, c1.c2.c1 (w-coefficient, then v-coefficient, then u-coefficient). Key
    /// derivation from a pairing value hashes these bytes (docs/SPEC.md §16.3).
    public var bigEndianBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(576)
        for c in [c0, c1] {
            for d in [c.c0, c.c1, c.c2] {
                out += d.c0.bigEndianBytes
                out += d.c1.bigEndianBytes
            }
        }
        return out
    }
}

extension JacobianPoint {
    /// [k]P for a secret scalar of F_r (the same constant sequence of operations as
    /// `multiplied(bySecret:)`).
    public func multiplied(by k: Fr) -> JacobianPoint { multiplied(bySecret: k.canonicalLimbs) }

    /// [k]P for a public scalar of F_r (variable time).
    public func multiplied(byPublic k: Fr) -> JacobianPoint { multiplied(byPublic: k.canonicalLimbs) }
}
