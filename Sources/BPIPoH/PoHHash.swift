import BPIBLAKE3Core
import BPIHash

/// The three hash functions of the Proof-of-History chain (docs/SPEC.md §11), all BLAKE3-256 under
/// domain tag `0x12` followed by a kind byte and two zero bytes:
///
///     start(seed)  = H(0x12 ‖ 0x00 ‖ 0x00 0x00 ‖ seed)
///     step(s)      = H(0x12 ‖ 0x01 ‖ 0x00 0x00 ‖ s)          (36 bytes: one compression)
///     mix(s, e)    = H(0x12 ‖ 0x02 ‖ 0x00 0x00 ‖ s ‖ e)
///
/// The four-byte prefix keeps the 32-byte state word-aligned, so a step is a single BLAKE3
/// compression of one block whose words are the prefix and the previous state — no byte shuffling.
public enum PoHHash {
    /// The prefix word of a step: bytes `12 01 00 00`, little-endian.
    @usableFromInline static let stepPrefix: UInt32 = 0x0000_0112
    @usableFromInline static let rootFlags = BLAKE3Flag.chunkStart | BLAKE3Flag.chunkEnd | BLAKE3Flag.root

    /// The chain's first state, from the seed (the previous header's VRF output).
    public static func start(seed: [UInt8]) -> Hash32 {
        HashAlgorithm.blake3.hash([DomainTag.pohTick.rawValue, 0x00, 0x00, 0x00] + seed)
    }

    /// The state after mixing `event` into `state`.
    public static func mix(_ state: Hash32, _ event: Hash32) -> Hash32 {
        HashAlgorithm.blake3.hash([DomainTag.pohTick.rawValue, 0x02, 0x00, 0x00] + state.bytes + event.bytes)
    }

    /// The state after `count` sequential steps from `state`.
    public static func steps(from state: Hash32, count: UInt64) -> Hash32 {
        var s = state.withUnsafeBytes { CV(bytes: $0.baseAddress!) }
        var remaining = count
        while remaining > 0 {
            s = step(s)
            remaining -= 1
        }
        return withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { buffer in
            s.store(to: buffer.baseAddress!)
            return Hash32(bytes: UnsafeRawPointer(buffer.baseAddress!))
        }
    }

    /// One step on a chaining-value representation of the state.
    @inlinable @inline(__always)
    static func step(_ s: CV) -> CV {
        let block = BLAKE3Words<UInt32>(stepPrefix, s.w0, s.w1, s.w2, s.w3, s.w4, s.w5, s.w6, s.w7, 0, 0, 0, 0, 0, 0, 0)
        return BLAKE3Compress.chainingValue(cv: BLAKE3Constants.iv, block: block, counter: 0, blockLength: 36, flags: rootFlags)
    }
}
