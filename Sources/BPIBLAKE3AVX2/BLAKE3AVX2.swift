import BPIBLAKE3Core

/// The 8-lane kernel, compiled for AVX2 (Haswell and later). Call only when the CPU has AVX2.
public enum BLAKE3AVX2 {
    /// Inputs hashed per call.
    public static let lanes = 8

    /// Hashes 8 inputs; see `BLAKE3HashMany.hash`.
    @inline(never)
    public static func hashMany(_ job: BLAKE3HashMany.Job, out: UnsafeMutableRawPointer) {
        BLAKE3HashMany.hash(SIMD8<UInt32>.self, job, out: out)
    }
}
