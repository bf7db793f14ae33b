import BPIHash

/// Which validators publish inclusion lists for a block (docs/SPEC.md §17.1): every validator of
/// a set no larger than the genesis committee size, otherwise the `size` validators whose
/// `BLAKE3-derive("metanode inclusion committee v1", seed ‖ u64be(index))` is smallest, where
/// `seed` is the VRF output of the header the lists are made after — unknown to anyone before
/// that header is final, so no one can aim a committee in advance.
public enum InclusionCommittee {
    /// The member indices, ascending.
    public static func members(setSize n: Int, seed: [UInt8], size: UInt64) -> [Int] {
        guard UInt64(n) > size else { return Array(0..<n) }
        let ranked = (0..<n).map { i -> (Hash32, Int) in
            var material = seed
            for shift in stride(from: 56, through: 0, by: -8) {
                material.append(UInt8(truncatingIfNeeded: UInt64(i) >> UInt64(shift)))
            }
            return (Hash32(BLAKE3.deriveKey(context: "metanode inclusion committee v1", material: material))!, i)
        }
        let chosen = ranked.sorted { $0.0.bytes.lexicographicallyPrecedes($1.0.bytes) || ($0.0 == $1.0 && $0.1 < $1.1) }
        return chosen.prefix(Int(size)).map(\.1).sorted()
    }
}
