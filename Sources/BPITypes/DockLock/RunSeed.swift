import BPIHash

/// How a run's seed is drawn from the chain (docs/SPEC.md §13.1): `H(0x41 ‖ vrfOutput ‖ jobHash)`
/// with `vrfOutput` the 64-byte VRF output of a finalized header and `jobHash` the run id of the
/// header with its seed set to zero — unpredictable before that header is final, and different for
/// every job. Local runs (`bpi run --seed-hex`) may use any seed; the receipt records which.
public enum RunSeed {
    /// The seed of `job` drawn from `vrfOutput`.
    public static func derive(vrfOutput: [UInt8], job: RunHeader) -> Hash32 {
        var unseeded = job
        unseeded.seed = .zero
        return HashAlgorithm.blake3.hash(vrfOutput + unseeded.id.bytes, tag: .runSeed)
    }
}
