import BPIBLAKE3Core

/// The 16-lane kernel, compiled for AVX-512 (F and VL). Call only when the CPU has them.
public enum BLAKE3AVX512 {
    /// Inputs hashed per call.
    public static let lanes = 16

    /// Hashes 16 inputs; see `BLAKE3HashMany.hash`.
    @inline(never)
    public static func hashMany(_ job: BLAKE3HashMany.Job, out: UnsafeMutableRawPointer) {
        BLAKE3HashMany.hash(SIMD16<UInt32>.self, job, out: out)
    }
}
