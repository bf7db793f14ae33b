import BPIBLAKE3Core

extension BLAKE3 {
    /// Hashes `count` messages of the same `length` (at most one chunk, 1024 bytes) many at a time.
    ///
    /// Message `i` starts at `buffer + i * stride`; each must be followed by zero bytes up to the
    /// next multiple of 64, and `stride` must be at least that padded length. This is how Merkle
    /// leaves and nodes — thousands of tiny equal-length inputs — reach SIMD speed.
    static func hashShortMessages(
        _ buffer: UnsafeRawPointer, stride: Int, length: Int, count: Int,
        out: UnsafeMutableRawPointer, backend: BLAKE3Backend = .best
    ) {
        precondition(length <= BLAKE3Constants.chunkLength, "short messages are at most one chunk")
        let blocks = Swift.max(1, (length + 63) / 64)
        precondition(stride >= blocks * 64, "each message must be zero-padded to whole blocks")
        let job = BLAKE3HashMany.Job(
            inputs: buffer, stride: stride, blocks: blocks, key: BLAKE3Constants.iv, counter: 0,
            incrementCounter: false, flags: 0, flagsStart: BLAKE3Flag.chunkStart,
            flagsEnd: BLAKE3Flag.chunkEnd | BLAKE3Flag.root, lastBlockLength: UInt32(length - 64 * (blocks - 1)))
        backend.hashMany(job, count: count, out: out)
    }
}
