/// The protocol's binary Merkle tree over BLAKE3 (`docs/SPEC.md` §3):
/// leaf `H(0x00 ‖ leaf)`, node `H(0x01 ‖ left ‖ right)`, an odd node paired with a copy of
/// itself, and a root that binds the leaf count, `H(0x02 ‖ u64be(n) ‖ top)` (top = 32 zero
/// bytes for n = 0), so `[a, b, c]` and `[a, b, c, c]` never share a root.
public enum Merkle {
    /// `H(0x00 ‖ leaf)`.
    public static func leafHash(_ leaf: [UInt8]) -> Hash32 {
        HashAlgorithm.blake3.hash(leaf, tag: .merkleLeaf)
    }

    /// `H(0x01 ‖ left ‖ right)`.
    public static func nodeHash(_ left: Hash32, _ right: Hash32) -> Hash32 {
        var block = [UInt8](repeating: 0, count: 65)
        block[0] = DomainTag.merkleNode.rawValue
        block.withUnsafeMutableBytes { b in
            left.withUnsafeBytes { (b.baseAddress! + 1).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            right.withUnsafeBytes { (b.baseAddress! + 33).copyMemory(from: $0.baseAddress!, byteCount: 32) }
        }
        return BLAKE3.hash(block)
    }

    /// `H(0x02 ‖ u64be(count) ‖ top)`: the root that leaves the library.
    public static func boundRoot(top: Hash32, count: UInt64) -> Hash32 {
        var block = [UInt8](repeating: 0, count: 41)
        block[0] = DomainTag.merkleRoot.rawValue
        for i in 0..<8 { block[1 + i] = UInt8(truncatingIfNeeded: count >> (56 - 8 * UInt64(i))) }
        top.withUnsafeBytes { t in
            block.withUnsafeMutableBytes { ($0.baseAddress! + 9).copyMemory(from: t.baseAddress!, byteCount: 32) }
        }
        return BLAKE3.hash(block)
    }

    /// The count-bound root over `leaves`.
    public static func root(leaves: [[UInt8]]) -> Hash32 {
        root(leafHashes: leafHashes(leaves))
    }

    /// The count-bound root over already-hashed leaves.
    public static func root(leafHashes: [Hash32], backend: BLAKE3Backend = .best) -> Hash32 {
        var level = leafHashes
        while level.count > 1 { level = parents(of: level, backend: backend) }
        return boundRoot(top: level.first ?? .zero, count: UInt64(leafHashes.count))
    }

    /// Leaf hashes of `leaves`; equal-length leaves (the common case) are hashed many at a time.
    public static func leafHashes(_ leaves: [[UInt8]], backend: BLAKE3Backend = .best) -> [Hash32] {
        guard let length = leaves.first?.count, length < 1024, leaves.allSatisfy({ $0.count == length }) else {
            return leaves.map(leafHash)
        }
        let stride = Swift.max(1, (length + 1 + 63) / 64) * 64
        var scratch = [UInt8](repeating: 0, count: stride * leaves.count)
        scratch.withUnsafeMutableBytes { s in
            for (i, leaf) in leaves.enumerated() {
                s[i * stride] = DomainTag.merkleLeaf.rawValue
                leaf.withUnsafeBytes { l in
                    if length > 0 { (s.baseAddress! + i * stride + 1).copyMemory(from: l.baseAddress!, byteCount: length) }
                }
            }
        }
        return hashMany(scratch, stride: stride, length: length + 1, count: leaves.count, backend: backend)
    }

    /// The next level up: node hashes of adjacent pairs, an odd last node paired with itself.
    public static func parents(of level: [Hash32], backend: BLAKE3Backend = .best) -> [Hash32] {
        let pairs = (level.count + 1) / 2
        let stride = 128  // 65 bytes of input, zero-padded to two blocks
        var scratch = [UInt8](repeating: 0, count: stride * pairs)
        scratch.withUnsafeMutableBytes { s in
            level.withUnsafeBytes { nodes in
                for i in 0..<pairs {
                    let left = 2 * i
                    let right = Swift.min(2 * i + 1, level.count - 1)
                    let dst = s.baseAddress! + i * stride
                    dst.storeBytes(of: DomainTag.merkleNode.rawValue, as: UInt8.self)
                    (dst + 1).copyMemory(from: nodes.baseAddress! + 32 * left, byteCount: 32)
                    (dst + 33).copyMemory(from: nodes.baseAddress! + 32 * right, byteCount: 32)
                }
            }
        }
        return hashMany(scratch, stride: stride, length: 65, count: pairs, backend: backend)
    }

    private static func hashMany(_ scratch: [UInt8], stride: Int, length: Int, count: Int, backend: BLAKE3Backend) -> [Hash32] {
        [Hash32](unsafeUninitializedCapacity: count) { out, initialized in
            scratch.withUnsafeBytes { s in
                BLAKE3.hashShortMessages(
                    s.baseAddress!, stride: stride, length: length, count: count,
                    out: UnsafeMutableRawPointer(out.baseAddress!), backend: backend)
            }
            initialized = count
        }
    }
}
