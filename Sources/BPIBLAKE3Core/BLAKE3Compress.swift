/// The portable compression function on one block: the reference path every SIMD path is checked against.
public enum BLAKE3Compress {
    /// Compresses one 64-byte block (given as 16 message words) and returns the full 16-word output.
    @inlinable
    public static func compress(
        cv: CV, block m: BLAKE3Words<UInt32>, counter: UInt64, blockLength: UInt32, flags: UInt32
    ) -> BLAKE3Words<UInt32> {
        let iv = BLAKE3Constants.iv
        var s = BLAKE3Words<UInt32>(
            cv.w0, cv.w1, cv.w2, cv.w3, cv.w4, cv.w5, cv.w6, cv.w7,
            iv.w0, iv.w1, iv.w2, iv.w3,
            UInt32(truncatingIfNeeded: counter), UInt32(truncatingIfNeeded: counter >> 32), blockLength, flags)
        blake3Rounds(&s, message: m)
        return BLAKE3Words(
            s.w0 ^ s.w8, s.w1 ^ s.w9, s.w2 ^ s.w10, s.w3 ^ s.w11,
            s.w4 ^ s.w12, s.w5 ^ s.w13, s.w6 ^ s.w14, s.w7 ^ s.w15,
            s.w8 ^ cv.w0, s.w9 ^ cv.w1, s.w10 ^ cv.w2, s.w11 ^ cv.w3,
            s.w12 ^ cv.w4, s.w13 ^ cv.w5, s.w14 ^ cv.w6, s.w15 ^ cv.w7)
    }

    /// Compresses one block and returns only the chaining value (the first eight output words).
    @inlinable
    public static func chainingValue(
        cv: CV, block: BLAKE3Words<UInt32>, counter: UInt64, blockLength: UInt32, flags: UInt32
    ) -> CV {
        let o = compress(cv: cv, block: block, counter: counter, blockLength: blockLength, flags: flags)
        return CV(o.w0, o.w1, o.w2, o.w3, o.w4, o.w5, o.w6, o.w7)
    }

    /// Loads 64 bytes at `p` as 16 little-endian message words.
    @inlinable @inline(__always)
    public static func loadBlock(_ p: UnsafeRawPointer) -> BLAKE3Words<UInt32> {
        @inline(__always) func w(_ i: Int) -> UInt32 {
            UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
        }
        return BLAKE3Words(w(0), w(1), w(2), w(3), w(4), w(5), w(6), w(7), w(8), w(9), w(10), w(11), w(12), w(13), w(14), w(15))
    }

    /// Loads a block of up to 64 bytes, zero-padded.
    @inlinable
    public static func loadPartialBlock(_ bytes: UnsafeRawBufferPointer) -> BLAKE3Words<UInt32> {
        var padded = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &padded) { dst in
            if let base = bytes.baseAddress, !bytes.isEmpty {
                dst.baseAddress!.copyMemory(from: base, byteCount: Swift.min(bytes.count, 64))
            }
            return loadBlock(UnsafeRawPointer(dst.baseAddress!))
        }
    }
}
