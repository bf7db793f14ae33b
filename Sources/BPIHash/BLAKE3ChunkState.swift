import BPIBLAKE3Core

/// The state of one chunk being hashed incrementally: its chaining value so far and the
/// last, not yet compressed block (held back until more input shows it is not the final one).
struct BLAKE3ChunkState {
    var cv: CV
    let counter: UInt64
    let flags: UInt32
    var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    var bufferLength = 0
    var blocksCompressed = 0

    init(key: CV, counter: UInt64, flags: UInt32) {
        cv = key
        self.counter = counter
        self.flags = flags
    }

    /// Bytes absorbed so far (at most 1024).
    var length: Int { blocksCompressed * BLAKE3Constants.blockLength + bufferLength }

    private var startFlag: UInt32 { blocksCompressed == 0 ? BLAKE3Flag.chunkStart : 0 }

    private mutating func compress(_ block: BLAKE3Words<UInt32>) {
        cv = BLAKE3Compress.chainingValue(cv: cv, block: block, counter: counter, blockLength: 64, flags: flags | startFlag)
        blocksCompressed += 1
    }

    /// Absorbs bytes; the caller never passes more than `1024 - length`.
    mutating func update(_ input: UnsafeRawBufferPointer) {
        guard var p = input.baseAddress else { return }
        var n = input.count
        while n > 0 {
            if bufferLength == 64 {
                let block = withUnsafeBytes(of: buffer) { BLAKE3Compress.loadBlock($0.baseAddress!) }
                compress(block)
                bufferLength = 0
                buffer = (0, 0, 0, 0, 0, 0, 0, 0)
            }
            if bufferLength == 0 {
                while n > 64 {  // whole blocks straight from the input, keeping the last one back
                    compress(BLAKE3Compress.loadBlock(p))
                    p += 64
                    n -= 64
                }
            }
            let take = Swift.min(64 - bufferLength, n)
            let offset = bufferLength
            withUnsafeMutableBytes(of: &buffer) { dst in
                (dst.baseAddress! + offset).copyMemory(from: p, byteCount: take)
            }
            bufferLength += take
            p += take
            n -= take
        }
    }

    /// The chunk's final compression, not yet run.
    var output: BLAKE3Output {
        let block = withUnsafeBytes(of: buffer) { BLAKE3Compress.loadBlock($0.baseAddress!) }
        return BLAKE3Output(
            inputCV: cv, block: block, counter: counter, blockLength: UInt32(bufferLength),
            flags: flags | startFlag | BLAKE3Flag.chunkEnd)
    }
}
